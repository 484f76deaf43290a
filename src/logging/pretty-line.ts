/**
 * Formats one JSON log record for a terminal: `time LEVEL message key=value …` on one line, then
 * the stack of any error (and of its causes) indented below it.
 */
export function prettyLine(record: Record<string, unknown>): string {
  const { time, level, msg, ...fields } = record;
  const stacks: string[] = [];
  const extras = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${prettyValue(v, stacks)}`)
    .join(' ');
  const head = `${String(time)} ${String(level).toUpperCase().padEnd(5)} ${String(msg)}${extras ? ` ${extras}` : ''}`;
  return [head, ...stacks.map((s) => s.replace(/^/gm, '    '))].join('\n');
}

function isErrorRecord(v: unknown): v is { type?: string; message?: string; stack: string; cause?: unknown } {
  return typeof v === 'object' && v !== null && typeof (v as { stack?: unknown }).stack === 'string';
}

function prettyValue(value: unknown, stacks: string[]): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (isErrorRecord(value)) {
    const { stack, cause, type: _type, ...rest } = value;
    let causes = cause;
    stacks.push(stack);
    while (causes !== undefined) {
      stacks.push(`caused by: ${isErrorRecord(causes) ? causes.stack : JSON.stringify(causes)}`);
      causes = isErrorRecord(causes) ? causes.cause : undefined;
    }
    return JSON.stringify(rest);
  }
  return JSON.stringify(value) ?? String(value);
}
