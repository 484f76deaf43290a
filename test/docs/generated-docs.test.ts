import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventTypes, knownFields } from '../../src/events/contract.ts';
import { eventTypeDocs, fieldDocs } from '../../src/events/contract-docs.ts';
import { validateEvent } from '../../src/events/validate-events.ts';
import { generatedDocs } from '../../src/generated-docs.ts';

describe('generated docs', () => {
  for (const [file, text] of Object.entries(generatedDocs())) {
    it(`${file} is up to date (run \`npm run docs\`)`, () => {
      expect(fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toBe(text);
    });
  }

  it('every example in docs/events.md passes ingest validation as its own type', () => {
    for (const type of eventTypes) {
      const { example } = eventTypeDocs[type];
      expect(example.type).toBe(type);
      const result = validateEvent(example, { storeMessageText: true, now: new Date('2026-11-23T12:00:00Z') });
      expect('row' in result ? 'valid' : result.problem).toBe('valid');
    }
  });

  it('every example sets each field of its type at least once across the examples', () => {
    const used = new Set(eventTypes.flatMap((type) => Object.keys(eventTypeDocs[type].example)));
    const named = new Set([...knownFields.values()].flatMap((fields) => [...fields]));
    expect([...named].filter((field) => !used.has(field))).toEqual([]);
  });

  it('every field the contract names has a meaning', () => {
    const named = [...knownFields.values()].flatMap((fields) => [...fields]);
    expect(named.filter((field) => !fieldDocs[field])).toEqual([]);
  });
});
