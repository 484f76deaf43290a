/**
 * A failure the person asking can understand and act on. `code` is stable for scripts and
 * tests; `message` is safe to show in Slack, Teams or a terminal. The cause goes to the log.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` means the database could not be reached or did not answer in time (not a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'DatabaseTimeoutError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) return true;
      // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now), 53300 (too many connections)
      // 57014: statement_timeout cancelled it (the database is too slow to answer now, not a bad query)
      if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '57014'].includes(code)) return true;
    }
    if (/Connection terminated|timeout exceeded when trying to connect|connection is closed|Client has encountered a connection error|PGlite is closed|Query read timeout/i.test(e.message)) return true;
  }
  return false;
}
