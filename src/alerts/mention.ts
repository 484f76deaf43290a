import type { Platform } from '../chat/destination.ts';

const slackMarkup = /^<([!@#])([^>|]*)(?:\|([^>]*))?>$/;

/**
 * A rule's `notify:` mention as the destination shows it. Slack pings only by id, so there the
 * markup stays as given (`<!subteam^S0123|@oncall>`, `<@U0123>`, `<!here>`); elsewhere it becomes
 * its readable label (`@oncall`). Plain text (`@oncall`, `Ana`) is shown as it is everywhere.
 */
export function mentionFor(mention: string, platform: Platform): string {
  if (platform === 'slack') return mention;
  const m = slackMarkup.exec(mention);
  if (!m) return mention;
  const [, sigil, id = '', label] = m;
  if (label) return label.startsWith('@') ? label : `@${label}`;
  if (sigil === '!' && !id.includes('^')) return `@${id}`;
  return `@${id.replace(/^subteam\^/, '')}`;
}
