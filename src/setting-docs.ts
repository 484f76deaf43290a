import type { envSchema } from './config.ts';

/**
 * What each setting means, for docs/configuration.md (`npm run docs`). The default shown there is
 * what the settings schema (`envSchema` in config.ts) gives for an unset variable, unless `default`
 * says it in words. Add a line here with each new variable: a test fails for one not documented.
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
