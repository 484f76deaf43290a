import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slackEventsPath } from '../../../src/chat/slack/events-route-receiver.ts';

const manifest = fs.readFileSync(new URL('../../../manifests/slack/manifest.yml', import.meta.url), 'utf8');

/** The list items under `key:` (this manifest's simple YAML: one item a line, comments skipped). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  const indent = lines[start]!.search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (line.search(/\S/) <= indent) break;
    items.push(line.trim().replace(/^- /, ''));
  }
  return items;
}

describe('the Slack app manifest', () => {
  it('sends slash commands and interactivity to the route botwatch serves', () => {
    const urls = [...manifest.matchAll(/^\s+(?:url|request_url): (\S+)$/gm)].map((m) => m[1]);
    expect(urls).toEqual([`https://<your-host>${slackEventsPath}`, `https://<your-host>${slackEventsPath}`]);
  });

  it('asks for the scopes botwatch uses and no others', () => {
    expect(listUnder('bot')).toEqual(['commands', 'chat:write', 'files:write']);
  });

  it('declares /botwatch with a description and a usage hint, interactivity on, Socket Mode off by default', () => {
    expect(manifest).toMatch(/- command: \/botwatch\n\s+url: .*\n\s+description: \S.*\n\s+usage_hint: "summary support-bot 7d/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/^\s+socket_mode_enabled: false$/m);
  });
});
