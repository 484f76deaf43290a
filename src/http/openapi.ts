import { eventTypes } from '../events/contract.ts';
import { eventJsonSchemas } from '../events/contract-json-schema.ts';
import { eventTypeDocs } from '../events/contract-docs.ts';
import { maxBatchBytes, maxBatchEvents } from '../ingest/parse-batch.ts';

/** The API's version: v1 of the ingest contract (`/v1/events`). */
const apiVersion = '1.0.0';
const json = 'application/json';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorBody = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { [json]: { schema: ref('Error') } },
});
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } } };

/**
 * The OpenAPI 3.1 document of botwatch's HTTP API, generated from the event contract's zod
 * schemas: checked in as docs/openapi.json (`npm run docs`) and served at `GET /openapi.json`.
 */
export function openApiDocument(): Record<string, unknown> {
  const eventSchemas = Object.fromEntries([...eventJsonSchemas()].map(([type, schema]) => [schemaName(type), schema]));
  const events = { type: 'array', minItems: 1, maxItems: maxBatchEvents, items: ref('Event') };
  const examples = eventTypes.slice(1, 3).map((type) => eventTypeDocs[type].example);
  return {
    openapi: '3.1.0',
    info: {
      title: 'botwatch',
      version: apiVersion,
      summary: 'Ingest API, health, chart images and chat platform endpoints of botwatch.',
      description: 'Monitored bots send events to `POST /v1/events`. docs/events.md describes every event type; docs/api.md the endpoints, statuses and limits.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'botwatch serve with its defaults (PORT 3000 on loopback)' }],
    tags: [
      { name: 'ingest', description: 'Events from monitored bots' },
      { name: 'health', description: 'Probes for load balancers and orchestrators' },
      { name: 'charts', description: 'Chart images linked from Slack and Teams messages' },
      { name: 'chat', description: 'Endpoints the chat platforms call' },
    ],
    paths: {
      '/v1/events': {
        post: {
          tags: ['ingest'],
          operationId: 'postEvents',
          summary: 'Send a batch of events',
          description:
            `A batch is one transaction: stored completely or not at all, so retrying is always safe. Each event is validated on its own; valid events are stored even when others are rejected, and an event whose id is already stored for its conversation counts as a duplicate. At most ${maxBatchEvents.toLocaleString('en-US')} events and ${maxBatchBytes / 1024 / 1024} MB per request. The rate limit counts events per API key per replica.`,
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              [json]: {
                schema: { oneOf: [events, { type: 'object', required: ['events'], properties: { events }, additionalProperties: false }] },
                examples: { array: { summary: 'A JSON array of events', value: examples }, wrapped: { summary: 'An object holding the events', value: { events: examples } } },
              },
              'application/x-ndjson': {
                schema: { type: 'string', description: 'One event (a JSON object) per line; blank lines are skipped. `application/ndjson`, `application/jsonl` and `application/x-jsonlines` are read the same way.' },
                example: examples.map((e) => JSON.stringify(e)).join('\n'),
              },
            },
          },
          responses: {
            '200': { description: 'The batch was processed: at least one event was valid.', content: { [json]: { schema: ref('IngestResult') } } },
            '400': {
              description: 'The body is not JSON or holds no events (an `Error`), or no event in it is valid (an `IngestResult` with every rejection; nothing stored).',
              content: { [json]: { schema: { oneOf: [ref('Error'), ref('IngestResult')] } } },
            },
            '401': errorBody('Missing, unknown or revoked API key.'),
            '413': errorBody(`Body larger than ${maxBatchBytes / 1024 / 1024} MB or more than ${maxBatchEvents.toLocaleString('en-US')} events; split the batch.`),
            '415': errorBody('A content type other than application/json or application/x-ndjson.'),
            '429': errorBody("The key exceeded its rate (its own, else BOTWATCH_INGEST_RATE); nothing stored. Retry after Retry-After seconds.", retryAfter),
            '503': errorBody('The database is unreachable; nothing stored. Retry after Retry-After seconds.', retryAfter),
          },
        },
      },
      '/healthz': {
        get: {
          tags: ['health'],
          operationId: 'health',
          summary: 'The process is up',
          responses: { '200': { description: 'Always, while the process serves requests.', content: { [json]: { schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } } } } },
        },
      },
      '/readyz': {
        get: {
          tags: ['health'],
          operationId: 'ready',
          summary: 'The database answers and its schema is current',
          responses: {
            '200': {
              description: 'Ready to serve.',
              content: { [json]: { schema: { type: 'object', required: ['status', 'engine', 'schema'], properties: { status: { const: 'ready' }, engine: { enum: ['postgres', 'pglite'] }, schema: { type: 'integer', description: 'The applied schema version.' } } } } },
            },
            '503': {
              description: 'Not ready: the database is unreachable (with Retry-After), or its schema is older than this build (run `botwatch migrate`).',
              headers: retryAfter,
              content: { [json]: { schema: { type: 'object', required: ['status', 'reason'], properties: { status: { const: 'not ready' }, reason: { type: 'string' } } } } },
            },
          },
        },
      },
      '/charts/{chart}': {
        get: {
          tags: ['charts'],
          operationId: 'chart',
          summary: 'A stored chart image, by signed link',
          description: 'Links are made by botwatch (for Teams cards and the console), signed with HMAC and valid for 30 days; any replica serves them.',
          parameters: [
            { name: 'chart', in: 'path', required: true, description: 'The chart id followed by `.png`.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}\\.png$' } },
            { name: 'exp', in: 'query', required: true, description: 'When the link expires (Unix seconds).', schema: { type: 'string' } },
            { name: 'sig', in: 'query', required: true, description: 'The link signature.', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'The PNG image.', content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } } },
            '403': errorBody('Bad signature, or the link has expired.'),
            '404': errorBody('No such chart (it may have expired).'),
          },
        },
      },
      '/exports/{export}': {
        get: {
          tags: ['charts'],
          operationId: 'exportedCsv',
          summary: 'A reply table exported as CSV, by signed link',
          description: 'Links are made by botwatch (a Teams card\'s "Download CSV"), signed with HMAC and valid for 30 days; any replica serves them. RFC 4180 with a header row; shares as 0–1, times ISO-8601.',
          parameters: [
            { name: 'export', in: 'path', required: true, description: 'The export id followed by `.csv`.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}\\.csv$' } },
            { name: 'exp', in: 'query', required: true, description: 'When the link expires (Unix seconds).', schema: { type: 'string' } },
            { name: 'sig', in: 'query', required: true, description: 'The link signature.', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'The CSV file (as an attachment).', content: { 'text/csv': { schema: { type: 'string' } } } },
            '403': errorBody('Bad signature, or the link has expired.'),
            '404': errorBody('No such export (it may have expired).'),
          },
        },
      },
      '/slack/events': {
        post: {
          tags: ['chat'],
          operationId: 'slackEvents',
          summary: 'Slack slash commands and button presses (HTTP mode)',
          description: 'Served when SLACK_SIGNING_SECRET is set and Socket Mode is not used. Slack signs each request; see docs/slack.md.',
          security: [{ slackSignature: [] }],
          requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } }, [json]: { schema: { type: 'object' } } } },
          responses: { '200': { description: 'Acknowledged at once; the answer is posted through the Slack Web API.' }, '401': { description: 'Bad signature, or a timestamp older than 5 minutes.' } },
        },
      },
      '/api/messages': {
        post: {
          tags: ['chat'],
          operationId: 'teamsMessages',
          summary: 'Microsoft Teams activities (the bot messaging endpoint)',
          description: 'Served when the Teams module runs. With MicrosoftAppId set, only requests with a valid Bot Framework token are accepted; see docs/teams.md.',
          security: [{ botFramework: [] }],
          requestBody: { required: true, content: { [json]: { schema: { type: 'object', description: 'A Bot Framework activity.', required: ['type', 'serviceUrl'] } } } },
          responses: {
            '200': { description: 'The activity was handled; replies go through the Bot Connector.' },
            '400': errorBody('Not JSON, or not a Bot Framework activity (the wrong field is named).'),
            '401': errorBody('No valid Bot Framework token.'),
            '403': errorBody('Authentication is off and the activity asks for replies to a service URL not on this machine.'),
            '413': errorBody('An activity over 1 MB.'),
            '415': errorBody('A content type other than application/json.'),
          },
        },
      },
      '/openapi.json': {
        get: { tags: ['health'], operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'The OpenAPI document.', content: { [json]: { schema: { type: 'object' } } } } } },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An ingest API key (`bw_…`) made with `botwatch keys create <name>`; only its hash is stored.' },
        slackSignature: { type: 'apiKey', in: 'header', name: 'X-Slack-Signature', description: '`v0=` + HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{body}` with the app\'s signing secret.' },
        botFramework: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Bot Framework token issued to the Bot Connector service.' },
      },
      schemas: {
        Event: { oneOf: eventTypes.map((type) => ref(schemaName(type))), discriminator: { propertyName: 'type', mapping: Object.fromEntries(eventTypes.map((type) => [type, `#/components/schemas/${schemaName(type)}`])) } },
        ...eventSchemas,
        IngestResult: {
          type: 'object',
          required: ['accepted', 'duplicate', 'rejected', 'errors'],
          properties: {
            accepted: { type: 'integer', minimum: 0, description: 'Events stored.' },
            duplicate: { type: 'integer', minimum: 0, description: 'Events whose id was already stored for their conversation (not stored again).' },
            rejected: { type: 'integer', minimum: 0, description: 'Events that failed validation.' },
            errors: {
              type: 'array',
              maxItems: 100,
              description: 'The first 100 rejections.',
              items: {
                type: 'object',
                required: ['index', 'path', 'error'],
                properties: {
                  index: { type: 'integer', minimum: 0, description: 'Position in the batch, from 0.' },
                  path: { type: 'string', description: 'The field, e.g. `timestamp` or `ctas.2`; empty for the whole event.' },
                  error: { type: 'string', description: 'e.g. `events[3].timestamp: expected ISO-8601 date-time with offset or Z`.' },
                },
              },
            },
            errorsOmitted: { type: 'integer', minimum: 1, description: 'Rejections beyond the first 100 (counted in `rejected`, not listed).' },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string', description: 'What is wrong, in one line.' } } },
      },
    },
  };
}

/** `message.sent` → `MessageSentEvent`. */
function schemaName(type: string): string {
  return `${type
    .split(/[._-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Event`;
}
