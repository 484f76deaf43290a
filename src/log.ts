import pino from 'pino';
import { logContext } from './logging/log-context.ts';
import { prettyLine } from './logging/pretty-line.ts';
import { secretScrubber } from './logging/scrub-secrets.ts';

/** Structured logging on pino: `pretty` lines for people, `json` (one object per line) for collectors. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: 'pretty' | 'json';
  /** Receives each finished line without its newline (tests); stderr otherwise. */
  write?: (line: string) => void;
  /** Values never to write (the configured tokens and passwords), wherever they turn up. */
  secrets?: readonly string[];
}

/** Field names whose values are secrets, at any of the first few levels of a record. */
const secretKeys = [
  'token', 'password', 'secret', 'apiKey', 'api_key', 'key', 'authorization', 'Authorization', 'cookie', 'Cookie',
  'signingSecret', 'botToken', 'appToken', 'appPassword', 'clientSecret', 'client_secret', 'access_token', 'refresh_token',
  '"x-api-key"', '"X-Api-Key"', '"x-slack-signature"', '"set-cookie"',
];
const redactPaths = secretKeys.flatMap((k) => {
  const key = k.startsWith('"') ? `[${k}]` : `.${k}`;
  return [key.startsWith('.') ? key.slice(1) : key, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

function serialiseFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? pino.stdSerializers.errWithCause(v) : v;
  return out;
}

function wrap(base: pino.Logger): Logger {
  return {
    debug: (m, f) => base.debug(f ? serialiseFields(f) : {}, m),
    info: (m, f) => base.info(f ? serialiseFields(f) : {}, m),
    warn: (m, f) => base.warn(f ? serialiseFields(f) : {}, m),
    error: (m, f) => base.error(f ? serialiseFields(f) : {}, m),
    child: (fields) => wrap(base.child(serialiseFields(fields))),
  };
}

/**
 * Creates a logger writing to stderr (or `write`). Every line carries the id of the request or
 * command it belongs to (see `withLogContext`), errors keep their stack and causes, and secrets
 * are redacted by field name and by value.
 */
export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const format = options.format ?? 'pretty';
  const scrub = secretScrubber(options.secrets ?? []);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const destination = {
    write(chunk: string) {
      // pino writes `msg` last; people and `grep` expect time, level and message first.
      const { time, level, msg, ...fields } = JSON.parse(chunk) as Record<string, unknown>;
      const record = { time, level, msg, ...fields };
      write(scrub(format === 'json' ? JSON.stringify(record) : prettyLine(record)));
    },
  };
  const base = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: logContext,
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination,
  );
  return wrap(Object.keys(bound).length > 0 ? base.child(serialiseFields(bound)) : base);
}

/** A logger that drops everything (tests that assert on output pass their own `write`). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
