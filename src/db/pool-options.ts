/**
 * The server settings a pool's connections start with (the startup packet's `options`), merged
 * from botwatch's own and those of the connection URL's `?options=` parameter.
 *
 * `pg` lets a connection string's `options` replace the pool's `options` outright, so a URL with
 * `?options=-c lock_timeout=5s` used to drop botwatch's statement timeout (and a replica pool's
 * read-only guard) without a word. Here the URL's parameter is taken out of the connection string
 * and both apply (docs/limits-and-timeouts.md):
 * - the URL's settings come after botwatch's preferences (`jit=off`), so they win on conflict;
 * - its `statement_timeout` becomes the pool's timeout — on the server and for the client's own
 *   deadline alike, since the two only work together (an unreadable one is an error);
 * - what the pool is for comes last and cannot be undone: a read-only pool's
 *   `default_transaction_read_only=on` and the schema's `search_path`.
 */

export interface OwnSettings {
  statementTimeoutMs: number;
  readOnly?: boolean;
  schema?: string;
  /** What the URL is called where the user set it (`DATABASE_URL`), for errors. */
  urlName?: string;
}

export interface PoolConnection {
  /** The connection string without its `options` parameter. */
  connectionString: string;
  /** The merged `-c name=value …` string for the pool. */
  options: string;
  /** The statement timeout in effect: the URL's when it sets one. */
  statementTimeoutMs: number;
}

/** One argument of an options string as written (backslash escapes kept), and the setting it makes. */
interface OptionArgument {
  raw: string[];
  setting?: { name: string; value: string };
}

const maxTimeoutMs = 2_147_483_647;
const unitMs: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function poolConnection(connectionString: string, own: OwnSettings): PoolConnection {
  const { rest, options: fromUrl } = takeOptionsParameter(connectionString);
  const user = parseOptions(fromUrl ?? '');
  const timeouts = user.filter((a) => a.setting?.name === 'statement_timeout');
  const userTimeout = timeouts.at(-1)?.setting?.value;
  const statementTimeoutMs = userTimeout === undefined ? own.statementTimeoutMs : parseTimeoutMs(userTimeout, own.urlName ?? 'the connection URL');
  const parts = [
    '-c jit=off',
    `-c statement_timeout=${statementTimeoutMs}`,
    ...user.filter((a) => a.setting?.name !== 'statement_timeout').flatMap((a) => a.raw),
    ...(own.readOnly === true ? ['-c default_transaction_read_only=on'] : []),
    ...(own.schema !== undefined ? [`-c search_path=${own.schema}`] : []),
  ];
  return { connectionString: rest, options: parts.join(' '), statementTimeoutMs };
}

/** Splits `?options=` off a connection URL (the other parameters are kept as they decode). */
function takeOptionsParameter(connectionString: string): { rest: string; options?: string } {
  const at = connectionString.indexOf('?');
  if (at === -1) return { rest: connectionString };
  const params = new URLSearchParams(connectionString.slice(at + 1));
  const options = params.get('options');
  if (options === null) return { rest: connectionString };
  params.delete('options');
  const query = params.toString();
  return { rest: connectionString.slice(0, at) + (query === '' ? '' : `?${query}`), options };
}

/**
 * An options string as PostgreSQL reads it: arguments separated by spaces unless escaped with a
 * backslash; settings as `-c name=value`, `-cname=value` or `--name=value` (a dash in a name is
 * an underscore, names are case-insensitive). Other arguments are passed on untouched.
 */
function parseOptions(options: string): OptionArgument[] {
  const tokens = options.match(/(?:\\.|[^\s\\])+/g) ?? [];
  const unescape = (token: string) => token.replace(/\\(.)/g, '$1');
  const args: OptionArgument[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const plain = unescape(token);
    let raw = [token];
    let assignment: string | undefined;
    if (plain === '-c' && i + 1 < tokens.length) {
      raw = [token, tokens[i + 1]!];
      assignment = unescape(tokens[++i]!);
    } else if (plain.startsWith('--')) assignment = plain.slice(2);
    else if (plain.startsWith('-c')) assignment = plain.slice(2);
    const eq = assignment?.indexOf('=') ?? -1;
    if (assignment === undefined || eq <= 0) args.push({ raw });
    else args.push({ raw, setting: { name: assignment.slice(0, eq).toLowerCase().replaceAll('-', '_'), value: assignment.slice(eq + 1) } });
  }
  return args;
}

/** A `statement_timeout` value as PostgreSQL takes it: milliseconds, or a number with a unit. */
function parseTimeoutMs(value: string, urlName: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?$/.exec(value.trim());
  const ms = match ? Math.round(Number(match[1]) * unitMs[match[2] ?? 'ms']!) : Number.NaN;
  if (!Number.isFinite(ms) || ms > maxTimeoutMs) {
    throw new Error(`${urlName}'s options= sets statement_timeout to "${value.slice(0, 40)}", which is not a timeout: give milliseconds or a number with a unit (30s, 2min; 0 for none)`);
  }
  return ms;
}
