import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config.ts';
import { settingDocs } from '../../src/setting-docs.ts';

const source = fs.readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
const page = fs.readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** Every variable src/config.ts reads: the schema's keys and any `env.NAME` / `env['NAME']` in its source. */
function variablesRead(): string[] {
  const fromSource = [...source.matchAll(/\benv(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])/g)].map((m) => m[1] ?? m[2] ?? '');
  return [...new Set([...Object.keys(envSchema.shape), ...fromSource])].sort();
}

describe('docs/configuration.md', () => {
  it('finds the variables config.ts reads', () => {
    expect(variablesRead()).toContain('DATABASE_URL');
    expect(variablesRead().length).toBeGreaterThanOrEqual(Object.keys(envSchema.shape).length);
  });

  it('documents every environment variable src/config.ts reads, with a meaning', () => {
    const undocumented = variablesRead().filter((name) => !page.includes(`| \`${name}\` |`));
    expect(undocumented).toEqual([]);
    const withoutMeaning = Object.entries(settingDocs).filter(([, doc]) => doc.description.trim().length < 10).map(([name]) => name);
    expect(withoutMeaning).toEqual([]);
  });
});
