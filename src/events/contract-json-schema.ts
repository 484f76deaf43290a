import { z } from 'zod';
import { eventSchema, eventTypes } from './contract.ts';
import type { EventType } from './contract.ts';
import { eventTypeDocs, fieldDocs } from './contract-docs.ts';

/** A JSON Schema (draft 2020-12) object, as zod writes it. */
export type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/**
 * One event type's JSON Schema, converted from its zod schema: `type` pinned to the type's name,
 * each field described, the example attached. Checks zod cannot express in JSON Schema (text
 * without NUL characters) are described in docs/events.md.
 */
export function eventJsonSchema(type: EventType): JsonSchema {
  const converted = z.toJSONSchema(eventSchema(type), { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  const { $schema: _dialect, ...schema } = converted;
  const properties: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const description = fieldDocs[name];
    properties[name] = name === 'type' ? { type: 'string', const: type, description: fieldDocs.type } : { ...property, ...(description ? { description } : {}) };
  }
  return { title: type, description: eventTypeDocs[type].description, ...schema, properties, examples: [eventTypeDocs[type].example] };
}

/** Every type's schema, keyed by type. */
export function eventJsonSchemas(): Map<EventType, JsonSchema> {
  return new Map(eventTypes.map((type) => [type, eventJsonSchema(type)]));
}
