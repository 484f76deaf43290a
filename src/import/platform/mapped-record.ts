/**
 * What a platform record maps to, before the reader adds its position: a contract event, a reason
 * it maps to none (counted as skipped), or a reason it cannot be read (counted as rejected).
 */
export type MappedRecord = { candidate: Record<string, unknown> } | { skipped: string } | { problem: string };

export const skip = (reason: string): MappedRecord => ({ skipped: reason });
export const problem = (reason: string): MappedRecord => ({ problem: reason });
