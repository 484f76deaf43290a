import { eventTypes } from './contract.ts';
import { eventTypeDocs } from './contract-docs.ts';
import { eventJsonSchemas } from './contract-json-schema.ts';
import type { JsonSchema } from './contract-json-schema.ts';
import { maxBatchBytes, maxBatchEvents } from '../ingest/parse-batch.ts';
import { earliest, maxFutureMs } from './validate-events.ts';

/** docs/events.md, generated from the zod contract (`npm run docs`); a test keeps it current. */
export function renderEventsDoc(): string {
  const schemas = eventJsonSchemas();
  const all = [...schemas.values()];
  const commonFields = Object.keys(all[0]?.properties ?? {}).filter((name) => all.every((s) => name in (s.properties ?? {})));
  const lines = [
    '# The event contract',
    '',
    '<!-- Generated from src/events/contract.ts and src/events/contract-docs.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Monitored bots send events; every metric, chart, digest and alert is derived from them. One',
    'event is a JSON object with the common fields below plus its type\'s own fields. Send them to',
    '`POST /v1/events` with an API key (see [the HTTP API](api.md)), or import them from a file with',
    '`botwatch import` (JSONL or CSV with these field names; see [getting started](getting-started.md#importing-files)).',
    'The same contract as JSON Schema is in [`openapi.json`](openapi.json) under `components.schemas`.',
    '',
    '- **Extra fields** that the contract does not name are kept (stored as attributes) and never break ingestion.',
    `- **Text** fields must not contain NUL characters or broken Unicode (lone surrogates).`,
    `- **Timestamps** must lie between ${new Date(earliest).toISOString().slice(0, 10)} and ${maxFutureMs / 3_600_000} hours ahead of botwatch's clock: later ones are clock errors, not data.`,
    `- **Batches** hold at most ${maxBatchEvents.toLocaleString('en-US')} events and ${maxBatchBytes / 1024 / 1024} MB. Each event is checked on its own: valid events are stored even when others in the batch are rejected.`,
    '- **Idempotency**: an event whose `id` is already stored for that conversation is counted as `duplicate` and not stored again, so retrying a batch is always safe.',
    '- **Order**: events may arrive late and out of order; a conversation\'s facts are recomputed from all its events whenever new ones arrive.',
    '',
    'A rejected event is reported with its index in the batch and the field, e.g.',
    '`events[3].timestamp: expected ISO-8601 date-time with offset or Z`.',
    '',
    '## Types',
    '',
    '| type | its own fields | what it means |',
    '|---|---|---|',
    ...eventTypes.map((type) => {
      const own = ownFields(schemas.get(type), commonFields);
      return `| [\`${type}\`](#${anchorOf(type)}) | ${own.map((f) => `\`${f}\``).join(', ') || '–'} | ${cell(eventTypeDocs[type].description)} |`;
    }),
    '',
    '## Common fields',
    '',
    'Every event carries these.',
    '',
    ...fieldTable(all[0], commonFields, true),
    '',
    ...eventTypes.flatMap((type) => {
      const schema = schemas.get(type);
      const own = ownFields(schema, commonFields);
      return [
        `## ${type}`,
        '',
        eventTypeDocs[type].description,
        '',
        ...(own.length > 0 ? fieldTable(schema, own) : ['No fields of its own: the common fields are all it has.']),
        '',
        '```json',
        JSON.stringify(eventTypeDocs[type].example),
        '```',
        '',
      ];
    }),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function ownFields(schema: JsonSchema | undefined, common: readonly string[]): string[] {
  return Object.keys(schema?.properties ?? {}).filter((name) => !common.includes(name));
}

function fieldTable(schema: JsonSchema | undefined, fields: readonly string[], common = false): string[] {
  const required = new Set(schema?.required ?? []);
  return [
    '| field | type | required | constraints | meaning |',
    '|---|---|---|---|---|',
    ...fields.map((name) => {
      const property = schema?.properties?.[name] ?? {};
      // In the common table the type's own name stands for every type.
      const constraints = common && property.const !== undefined ? 'one of the [types](#types)' : constraintsOf(property);
      return `| \`${name}\` | ${typeOf(property)} | ${required.has(name) ? 'yes' : 'no'} | ${cell(constraints) || '–'} | ${cell(typeof property.description === 'string' ? property.description : '')} |`;
    }),
  ];
}

function typeOf(property: JsonSchema): string {
  if (property.type === 'array') return `array of ${typeOf((property.items ?? {}) as JsonSchema)}`;
  return typeof property.type === 'string' ? property.type : 'any';
}

/** The schema's constraints in words: lengths, ranges, patterns, formats, allowed values. */
function constraintsOf(property: JsonSchema): string {
  const parts: string[] = [];
  if (typeof property.const === 'string') parts.push(`\`${property.const}\``);
  if (Array.isArray(property.enum)) parts.push(`one of ${property.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (property.format === 'date-time') parts.push('ISO-8601 date-time with an offset or `Z`, e.g. `2026-11-23T09:00:00Z` or `2026-11-23T10:00:00+01:00`');
  else if (typeof property.pattern === 'string') parts.push(`matches \`${property.pattern}\``);
  const range = (min: unknown, max: unknown, unit: string) => {
    if (min !== undefined && max !== undefined) parts.push(`${number(min)}–${number(max)}${unit}`);
    else if (min !== undefined) parts.push(`at least ${number(min)}${unit}`);
    else if (max !== undefined) parts.push(`at most ${number(max)}${unit}`);
  };
  range(property.minLength, property.maxLength, ' characters');
  range(property.minimum, property.maximum, '');
  range(property.minItems, property.maxItems, ' items');
  if (property.type === 'array' && property.items) {
    const inner = constraintsOf(property.items as JsonSchema);
    if (inner) parts.push(`each ${inner}`);
  }
  return parts.join('; ');
}

function number(value: unknown): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The anchor GitHub gives a heading: lowercase, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
