/** Builds contract events for tests with sensible defaults (field names as in docs/events.md). */
let counter = 0;

export function event(type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    id: `e${counter}-${Math.random().toString(36).slice(2, 8)}`,
    type,
    timestamp: '2026-11-10T10:00:00Z',
    botId: 'test-bot',
    conversationId: 'c1',
    ...fields,
  };
}

/** `base` + `minutes` as an ISO string. */
export function at(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}
