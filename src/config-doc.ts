import { z } from 'zod';
import { envSchema } from './config.ts';
import { settingDocs } from './setting-docs.ts';

/** docs/configuration.md, generated from the settings schema in config.ts (`npm run docs`); a test keeps it current. */
export function renderConfigurationDoc(): string {
  const names = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from src/config.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every setting is an environment variable, read and validated once when botwatch starts (nothing',
    'else reads the environment). A bad value stops botwatch with one line naming the variable and',
    'what it expects, e.g. `PORT: expected a TCP port number (0-65535), got "abc"`; values of secret',
    'settings are never shown. An empty value counts as unset.',
    '',
    '| variable | default | accepts | meaning |',
    '|---|---|---|---|',
    ...names.map((name) => {
      const doc = settingDocs[name];
      return `| \`${name}\` | ${cell(doc.default ?? defaultOf(envSchema.shape[name]))} | ${cell(acceptsOf(envSchema.shape[name]))} | ${cell(doc.description)} |`;
    }),
    '',
    'Slack needs `SLACK_BOT_TOKEN` with either `SLACK_SIGNING_SECRET` (HTTP mode) or `SLACK_APP_TOKEN`',
    '(Socket Mode): see [Slack](slack.md). Teams needs `MicrosoftAppId` with `MicrosoftAppPassword`, or',
    'with `MicrosoftAppTenantId` for `UserAssignedMSI`: see [Microsoft Teams](teams.md).',
  ];
  return `${lines.join('\n')}\n`;
}

/** What the schema makes of an unset variable. */
function defaultOf(schema: z.ZodType): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return '–';
  if (Array.isArray(parsed.data)) return parsed.data.length === 0 ? '–' : `\`${parsed.data.join(',')}\``;
  return typeof parsed.data === 'string' || typeof parsed.data === 'number' || typeof parsed.data === 'boolean' ? `\`${parsed.data}\`` : '–';
}

/** The values the schema allows, when JSON Schema can say it: a list of words or a range of whole numbers. */
function acceptsOf(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const inner = (json.anyOf as Record<string, unknown>[] | undefined)?.find((s) => s.type !== 'null') ?? json;
  if (Array.isArray(inner.enum)) return (inner.enum as unknown[]).filter((v) => v !== '').map((v) => `\`${String(v)}\``).join(', ');
  if (inner.type === 'integer' || inner.type === 'number') {
    const min = Number(inner.minimum);
    const max = Number(inner.maximum);
    if (Number.isSafeInteger(min) && Number.isSafeInteger(max) && Math.abs(min) < 1e15 && Math.abs(max) < 1e15) return `whole number ${min}–${max}`;
    return 'a number';
  }
  return 'text';
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
