import path from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from './time/time-zone.ts';

/**
 * Every setting botwatch reads, validated once at start (docs/configuration.md is generated from it).
 * Nothing else reads `process.env`.
 */
const commaList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  );

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));

const optionalUrl = (what: string) =>
  optionalText.refine((s) => s === undefined || URL.canParse(s), { message: `expected ${what}` });

const positiveInt = (what: string, max: number) =>
  z.coerce
    .number({ message: `expected ${what}` })
    .int({ message: `expected ${what}` })
    .min(1, { message: `expected ${what}` })
    .max(max, { message: `expected ${what}` });

const booleanFlag = z
  .enum(['', 'true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .default('')
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

export const envSchema = z.object({
  // Never echoed in errors: it usually holds a password.
  DATABASE_URL: optionalText.refine((s) => s === undefined || (URL.canParse(s) && /^postgres(ql)?:$/i.test(new URL(s).protocol)), {
    message: 'expected a postgres:// or postgresql:// connection URL',
  }),
  // A read replica of DATABASE_URL (holds a password: never shown).
  DATABASE_READ_URL: optionalText.refine((s) => s === undefined || (URL.canParse(s) && /^postgres(ql)?:$/i.test(new URL(s).protocol)), {
    message: 'expected a postgres:// or postgresql:// connection URL of a read replica',
  }),
  BOTWATCH_DATA_DIR: z.string().default('./.botwatch'),
  PORT: z.coerce
    .number({ message: 'expected a TCP port number (0-65535)' })
    .int({ message: 'expected a TCP port number (0-65535)' })
    .min(0, { message: 'expected a TCP port number (0-65535)' })
    .max(65535, { message: 'expected a TCP port number (0-65535)' })
    .default(3000),
  HOST: optionalText,
  PUBLIC_BASE_URL: optionalUrl('an absolute http(s) URL, e.g. https://botwatch.example.com'),
  BOTWATCH_TZ: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'expected an IANA time zone name such as Europe/Berlin' }),
  BOTWATCH_IDLE_TIMEOUT_MINUTES: positiveInt('a whole number of minutes (1-10080)', 10080).default(30),
  BOTWATCH_STORE_MESSAGE_TEXT: booleanFlag,
  BOTWATCH_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'expected debug, info, warn or error' }).default('info'),
  BOTWATCH_LOG_FORMAT: z.enum(['pretty', 'json'], { message: 'expected pretty or json' }).default('pretty'),
  BOTWATCH_INGEST_RATE: positiveInt('events per second per API key (1-10000000)', 10_000_000).default(50_000),
  BOTWATCH_DB_POOL_SIZE: positiveInt('a pool size between 1 and 100', 100).default(10),
  // Longest a database statement for an answer, digest or alert may run before it is cancelled.
  BOTWATCH_DB_STATEMENT_TIMEOUT_MS: positiveInt('a whole number of milliseconds (1-600000)', 600_000).default(15_000),
  // Longest an ingest batch (or import batch) may wait on the database before the request answers 503.
  BOTWATCH_DB_INGEST_TIMEOUT_MS: positiveInt('a whole number of milliseconds (1-600000)', 600_000).default(5_000),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalUrl('an absolute URL of the Slack Web API, e.g. https://slack.com/api/').transform(
    (s) => s ?? 'https://slack.com/api/',
  ),
  SLACK_ADMIN_USER_IDS: commaList,
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: z
    .enum(['', 'MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      message: 'expected MultiTenant, SingleTenant or UserAssignedMSI',
    })
    .default('')
    .transform((s) => (s === '' ? undefined : s)),
  TEAMS_ADMIN_AAD_IDS: commaList.refine((ids) => ids.every((id) => guid.test(id)), {
    message: 'expected comma-separated AAD object ids (GUIDs such as 6f1c2a9e-0b4d-4c8e-9a57-3d2e1f0a8b7c)',
  }),
  // Empty means unset (the default), not 0: 0 is a real choice here (never post late).
  BOTWATCH_DIGEST_GRACE_MINUTES: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ message: 'expected a whole number of minutes (0-10080)' })
      .int({ message: 'expected a whole number of minutes (0-10080)' })
      .min(0, { message: 'expected a whole number of minutes (0-10080)' })
      .max(10080, { message: 'expected a whole number of minutes (0-10080)' })
      .default(120),
  ),
  // How many days of events, conversation facts and rollups are kept: older events are refused at ingest and
  // dropped by the daily retention run. 0 keeps them forever. Empty means unset.
  BOTWATCH_RETENTION_DAYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ message: 'expected a whole number of days (0-36500; 0 keeps events forever)' })
      .int({ message: 'expected a whole number of days (0-36500; 0 keeps events forever)' })
      .min(0, { message: 'expected a whole number of days (0-36500; 0 keeps events forever)' })
      .max(36500, { message: 'expected a whole number of days (0-36500; 0 keeps events forever)' })
      .default(400),
  ),
  // How long `serve` waits on SIGTERM/SIGINT for work in flight before it exits anyway.
  BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS: positiveInt('a whole number of seconds (1-3600)', 3600).default(10),
  ALERT_EVAL_INTERVAL_SECONDS: positiveInt('a whole number of seconds (1-3600)', 3600).default(60),
  ALERT_SILENCE_MINUTES: positiveInt('a whole number of minutes (1-10080)', 10080).default(30),
  CHART_URL_SECRET: optionalText,
  BOTWATCH_DEMO: z.enum(['auto', 'off'], { message: 'expected auto or off' }).default('auto'),
  BOTWATCH_CONSOLE: z.enum(['auto', 'off'], { message: 'expected auto or off' }).default('auto'),
  // Where an OTLP span's bot id comes from: the resource's service.name, or the span's gen_ai.agent.name (docs/llm-bots.md).
  BOTWATCH_OTLP_BOT_ID_FROM: z.enum(['service', 'agent'], { message: 'expected service or agent' }).default('service'),
  // Comma-separated words: an OTLP tool call whose name contains one is a hand-off to a human (docs/llm-bots.md).
  BOTWATCH_OTLP_HANDOFF_TOOLS: z
    .string()
    .default('handoff,human,escalat')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter((x) => x.length > 0),
    ),
  /** RabbitMQ URL whose queue Rasa's Pika event broker fills (holds a password: never shown); unset = no live Rasa. */
  BOTWATCH_RASA_AMQP_URL: optionalText.refine((s) => s === undefined || (URL.canParse(s) && /^amqps?:$/.test(new URL(s).protocol)), {
    message: 'expected an amqp:// or amqps:// URL such as amqp://user:password@rabbitmq:5672/',
  }),
  /** The queue to consume, one of the `queues` in Rasa's endpoints.yml (default rasa_core_events). */
  BOTWATCH_RASA_QUEUE: optionalText.transform((s) => s ?? 'rasa_core_events'),
  /** The botwatch bot id the Rasa assistant's events are stored under (required with BOTWATCH_RASA_AMQP_URL). */
  BOTWATCH_RASA_BOT_ID: optionalText.refine((s) => s === undefined || /^[a-z0-9][a-z0-9_-]{0,63}$/.test(s), {
    message: 'expected a bot id: lowercase letters, digits, _ and -, starting with a letter or digit, at most 64',
  }),
  /** Comma-separated Rasa action names that hand off to a person (default: names containing handoff or human). */
  BOTWATCH_RASA_HANDOFF_ACTIONS: commaList,
  BOTWATCH_CONSOLE_TOKEN: optionalText.refine((s) => s === undefined || (s.length >= 16 && !/\s/.test(s)), {
    message: 'expected at least 16 characters without spaces (e.g. the output of openssl rand -hex 16)',
  }),
}).superRefine((env, ctx) => {
  const problem = teamsRegistrationProblem(env);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.variable], message: problem.message });
  if (env.BOTWATCH_RASA_AMQP_URL !== undefined && env.BOTWATCH_RASA_BOT_ID === undefined) {
    ctx.addIssue({ code: 'custom', path: ['BOTWATCH_RASA_BOT_ID'], message: 'expected the bot id to store the Rasa events under, since BOTWATCH_RASA_AMQP_URL is set' });
  }
  if (env.DATABASE_READ_URL !== undefined && env.DATABASE_URL === undefined) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'expected the primary PostgreSQL connection URL, since DATABASE_READ_URL is set (a read replica needs a primary)' });
  }
});

/**
 * What each setting means, for docs/configuration.md (`npm run docs`). The default shown there is
 * what the schema above gives for an unset variable, unless `default` says it in words. Add a line
 * here with each new variable: a test fails for a variable that is not documented.
 */
export const settingDocs: Record<keyof typeof envSchema.shape, { description: string; default?: string }> = {
  DATABASE_URL: { description: 'PostgreSQL (14+) connection URL. Unset: the embedded database (PGlite) in `BOTWATCH_DATA_DIR`.' },
  DATABASE_READ_URL: { description: "A read replica of `DATABASE_URL` (a streaming standby): answers, digest contents and the console's reads go to it; ingest, claims, alert rules, keys and migrations stay on `DATABASE_URL`. Holds a password: never shown. Unset: everything uses `DATABASE_URL`. See [scaling](operations.md#scaling)." },
  BOTWATCH_DATA_DIR: { description: 'Folder of the embedded database and local files.' },
  PORT: { description: 'HTTP port (0 picks a free one).' },
  HOST: { description: 'Interface to listen on.', default: '`127.0.0.1`; `0.0.0.0` once Slack or Teams is configured' },
  PUBLIC_BASE_URL: { description: 'The https address Slack and Teams users reach botwatch at: chart image links are made from it.' },
  BOTWATCH_TZ: { description: 'Default IANA time zone for windows and schedules (`tz:` in a command overrides it).' },
  BOTWATCH_IDLE_TIMEOUT_MINUTES: { description: 'After how many idle minutes a conversation without an explicit end counts as settled.' },
  BOTWATCH_STORE_MESSAGE_TEXT: { description: 'Keep the `text` of messages. Off: text is dropped at ingest.' },
  BOTWATCH_LOG_LEVEL: { description: 'Least severe log level written.' },
  BOTWATCH_LOG_FORMAT: { description: '`pretty` (one readable line per record) or `json` (one JSON object per line).' },
  BOTWATCH_INGEST_RATE: { description: 'Events per second per API key, per replica, unless the key has its own rate (`keys create --rate`).' },
  BOTWATCH_DB_POOL_SIZE: { description: 'Connections in the pool (real PostgreSQL only).' },
  SLACK_SIGNING_SECRET: { description: "The Slack app's signing secret: HTTP mode, where Slack posts to `/slack/events`." },
  SLACK_BOT_TOKEN: { description: 'The Bot User OAuth Token (`xoxb-…`), needed whenever Slack is used; checked with Slack at start.' },
  SLACK_APP_TOKEN: { description: 'An app-level token (`xapp-…`, scope `connections:write`). Set: Socket Mode, no public URL and no signing secret needed.' },
  SLACK_API_URL: { description: 'Base URL of the Slack Web API (a proxy, or the stand-in the tests use).' },
  SLACK_ADMIN_USER_IDS: { description: 'Comma-separated Slack member ids allowed to add and remove digests and alerts.' },
  MicrosoftAppId: { description: "The Azure Bot's Microsoft App ID (a GUID). Unset: Teams runs only on a loopback `HOST`, unauthenticated, for local testing." },
  MicrosoftAppPassword: { description: "The bot's client secret (not with `UserAssignedMSI`)." },
  MicrosoftAppTenantId: { description: 'The tenant id: required with `SingleTenant` and `UserAssignedMSI`.' },
  MicrosoftAppType: { description: 'The kind of registration: `MultiTenant`, `SingleTenant` or `UserAssignedMSI`.', default: '`MultiTenant`' },
  TEAMS_ADMIN_AAD_IDS: { description: 'Comma-separated Entra ID (AAD) object ids allowed to add and remove digests and alerts in Teams.' },
  BOTWATCH_DIGEST_GRACE_MINUTES: { description: 'How late a digest slot missed while no replica ran may still be posted (0–10080); older ones are recorded as `missed`.' },
  ALERT_EVAL_INTERVAL_SECONDS: { description: 'How often every replica evaluates every alert rule.' },
  ALERT_SILENCE_MINUTES: { description: 'How long a bot may send nothing in its usual active hours before its silence alert fires (rules made without `for:`).' },
  CHART_URL_SECRET: { description: 'HMAC key for signed chart links. Unset: a key generated once and kept in the database, shared by every replica.' },
  BOTWATCH_DEMO: { description: '`auto`: `serve` loads demo data into an empty embedded database when no chat platform is configured (never with `DATABASE_URL`). `off`: never.' },
  BOTWATCH_CONSOLE: { description: '`auto`: the console at `/` is on when botwatch listens on loopback, elsewhere only with a token. `off`: no console.' },
  BOTWATCH_DB_STATEMENT_TIMEOUT_MS: { description: 'Longest a database call may take before botwatch gives up on it (answers, digests, alerts): PostgreSQL cancels the statement; see [limits and timeouts](limits-and-timeouts.md).' },
  BOTWATCH_DB_INGEST_TIMEOUT_MS: { description: 'Longest an ingest request (`/v1/events`, `/v1/traces`) waits on the database before it answers 503 with `Retry-After`; nothing of it is stored.' },
  BOTWATCH_RETENTION_DAYS: { description: 'How many days of events, conversation facts and rollups are kept: older events are refused at ingest and removed by the daily retention run (`botwatch retention`). `0` keeps everything forever.' },
  BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS: { description: 'How long `serve` waits on SIGTERM/SIGINT for requests and commands in flight before it exits anyway (a second signal exits at once).' },
  BOTWATCH_OTLP_BOT_ID_FROM: { description: "Where a trace span's bot id comes from: `service` (the resource's `service.name`) or `agent` (the span's `gen_ai.agent.name`); see [LLM bots](llm-bots.md)." },
  BOTWATCH_OTLP_HANDOFF_TOOLS: { description: 'Comma-separated words: a traced tool call whose name contains one counts as a hand-off to a human.' },
  BOTWATCH_RASA_AMQP_URL: { description: "RabbitMQ URL (`amqp://user:password@host:5672/`) whose queue Rasa's Pika event broker fills; set: botwatch consumes it live. Holds a password: never shown. See [connect Rasa](connect-rasa.md)." },
  BOTWATCH_RASA_QUEUE: { description: "The queue to consume: one of the `queues` in Rasa's `endpoints.yml`.", default: '`rasa_core_events`' },
  BOTWATCH_RASA_BOT_ID: { description: "The botwatch bot id the Rasa assistant's events are stored under (required with `BOTWATCH_RASA_AMQP_URL`)." },
  BOTWATCH_RASA_HANDOFF_ACTIONS: { description: 'Comma-separated Rasa action names that hand the conversation to a person.', default: 'actions whose name contains `handoff` or `human`' },
  BOTWATCH_CONSOLE_TOKEN: { description: 'At least 16 characters without spaces. Every console request must then carry it (`/?token=…` once, which sets a cookie, or `Authorization: Bearer …`); needed to use the console beyond loopback.' },
};

/**
 * The Teams settings must describe one Bot Framework registration (botbuilder's own rules, checked
 * here so a mistake stops botwatch at start rather than failing every Teams request).
 */
function teamsRegistrationProblem(env: {
  MicrosoftAppId?: string | undefined;
  MicrosoftAppPassword?: string | undefined;
  MicrosoftAppTenantId?: string | undefined;
  MicrosoftAppType?: string | undefined;
}): { variable: string; message: string } | undefined {
  const { MicrosoftAppId: appId, MicrosoftAppPassword: password, MicrosoftAppTenantId: tenantId, MicrosoftAppType: appType } = env;
  if (appId === undefined) {
    const stray = password !== undefined ? 'MicrosoftAppPassword' : tenantId !== undefined ? 'MicrosoftAppTenantId' : appType !== undefined ? 'MicrosoftAppType' : undefined;
    return stray && { variable: 'MicrosoftAppId', message: `expected the Azure Bot's Microsoft App ID, since ${stray} is set` };
  }
  if (!guid.test(appId)) return { variable: 'MicrosoftAppId', message: "expected the Azure Bot's Microsoft App ID (a GUID)" };
  if (appType === 'UserAssignedMSI') {
    if (tenantId === undefined) return { variable: 'MicrosoftAppTenantId', message: 'expected the tenant of the managed identity (MicrosoftAppType is UserAssignedMSI)' };
    if (password !== undefined) return { variable: 'MicrosoftAppPassword', message: 'expected no password with a managed identity (MicrosoftAppType is UserAssignedMSI)' };
    return undefined;
  }
  if (appType === 'SingleTenant' && tenantId === undefined) return { variable: 'MicrosoftAppTenantId', message: "expected the bot's tenant id (MicrosoftAppType is SingleTenant)" };
  if (password === undefined) return { variable: 'MicrosoftAppPassword', message: "expected the bot's client secret (MicrosoftAppId is set)" };
  return undefined;
}

export type Config = ReturnType<typeof toConfig>;

/** Settings whose values never appear in an error message or a log line. */
const secretSettings = new Set(['DATABASE_URL', 'DATABASE_READ_URL', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'MicrosoftAppPassword', 'CHART_URL_SECRET', 'BOTWATCH_CONSOLE_TOKEN', 'BOTWATCH_RASA_AMQP_URL']);

/** The values of the secret settings that are set: the logger redacts them wherever they appear. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = [...secretSettings].map((name) => env[name]?.trim()).filter((v): v is string => v !== undefined && v !== '');
  // A connection URL's password is the secret part; the whole URL is redacted too.
  for (const url of [env.DATABASE_URL, env.DATABASE_READ_URL, env.BOTWATCH_RASA_AMQP_URL]) {
    const password = url !== undefined && URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
    if (password !== '') values.push(password);
  }
  return values;
}

/** A setting that failed validation; `message` is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function toConfig(env: z.infer<typeof envSchema>) {
  const slackConfigured = env.SLACK_SIGNING_SECRET !== undefined || env.SLACK_APP_TOKEN !== undefined;
  const teamsConfigured = env.MicrosoftAppId !== undefined;
  return {
    databaseUrl: env.DATABASE_URL,
    /** Where answers, digest contents and the console read from; undefined: `databaseUrl`. */
    databaseReadUrl: env.DATABASE_READ_URL,
    dataDir: path.resolve(env.BOTWATCH_DATA_DIR),
    port: env.PORT,
    host: env.HOST ?? (slackConfigured || teamsConfigured ? '0.0.0.0' : '127.0.0.1'),
    publicBaseUrl: env.PUBLIC_BASE_URL,
    timeZone: env.BOTWATCH_TZ,
    idleTimeoutMinutes: env.BOTWATCH_IDLE_TIMEOUT_MINUTES,
    storeMessageText: env.BOTWATCH_STORE_MESSAGE_TEXT,
    logLevel: env.BOTWATCH_LOG_LEVEL,
    logFormat: env.BOTWATCH_LOG_FORMAT,
    ingestRatePerKey: env.BOTWATCH_INGEST_RATE,
    otlp: { botIdFrom: env.BOTWATCH_OTLP_BOT_ID_FROM, handoffTools: env.BOTWATCH_OTLP_HANDOFF_TOOLS },
    dbPoolSize: env.BOTWATCH_DB_POOL_SIZE,
    dbStatementTimeoutMs: env.BOTWATCH_DB_STATEMENT_TIMEOUT_MS,
    dbIngestTimeoutMs: env.BOTWATCH_DB_INGEST_TIMEOUT_MS,
    retentionDays: env.BOTWATCH_RETENTION_DAYS,
    /** How long `serve` waits on SIGTERM/SIGINT for work in flight before it exits anyway. */
    shutdownTimeoutSeconds: env.BOTWATCH_SHUTDOWN_TIMEOUT_SECONDS,
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      adminUserIds: env.SLACK_ADMIN_USER_IDS,
    },
    teams: {
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      tenantId: env.MicrosoftAppTenantId,
      appType: env.MicrosoftAppType,
      adminAadIds: env.TEAMS_ADMIN_AAD_IDS,
    },
    digestGraceMinutes: env.BOTWATCH_DIGEST_GRACE_MINUTES,
    alertEvalIntervalSeconds: env.ALERT_EVAL_INTERVAL_SECONDS,
    alertSilenceMinutes: env.ALERT_SILENCE_MINUTES,
    chartUrlSecret: env.CHART_URL_SECRET,
    platformConfigured: slackConfigured || teamsConfigured,
    /** `auto`: an empty embedded database gets demo data when no chat platform is configured. */
    demo: env.BOTWATCH_DEMO,
    /** Rasa's Pika event broker, consumed live; undefined when BOTWATCH_RASA_AMQP_URL is unset. */
    rasa:
      env.BOTWATCH_RASA_AMQP_URL === undefined || env.BOTWATCH_RASA_BOT_ID === undefined
        ? undefined
        : { amqpUrl: env.BOTWATCH_RASA_AMQP_URL, queue: env.BOTWATCH_RASA_QUEUE, botId: env.BOTWATCH_RASA_BOT_ID, handoffActions: env.BOTWATCH_RASA_HANDOFF_ACTIONS },
    console: {
      /** `auto`: on when listening on loopback, elsewhere only with a token. */
      mode: env.BOTWATCH_CONSOLE,
      token: env.BOTWATCH_CONSOLE_TOKEN,
    },
  };
}

/**
 * Reads and validates the environment. Throws {@link ConfigError} with one line such as
 * `PORT: expected a TCP port number (0-65535), got "abc"` on the first bad setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const raw = env[name];
    // A secret pasted into the wrong setting is still a secret.
    const secrets = secretValues(env).filter((s) => s.length >= 4);
    const hidden = raw !== undefined && (secretSettings.has(name) || secrets.some((s) => raw.includes(s)));
    const shown = raw === undefined ? 'it is not set' : hidden ? 'got a value that is not shown here (it is a secret)' : `got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)}`;
    let expected = issue?.message ?? 'invalid';
    for (const secret of secrets) expected = expected.split(secret).join('[redacted]');
    throw new ConfigError(`${name}: ${expected}, ${shown}`);
  }
  return toConfig(parsed.data);
}
