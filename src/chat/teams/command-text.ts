import type { InboundActivity } from './inbound-activity.ts';

const entities: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/**
 * The command in a message typed to the bot: `<at>botwatch</at> summary support-bot 7d` in a
 * channel, or `summary support-bot 7d` in a personal chat, gives `summary support-bot 7d`.
 * The bot's own mention is removed using the message's mention entities (the text Teams shows
 * for it can be any display name); a leading `<at>…</at>` without an entity (the Emulator) goes
 * too; other people's mentions keep their name; any remaining markup and HTML entities are undone.
 */
export function commandText(activity: Pick<InboundActivity, 'text' | 'entities' | 'recipient'>): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    if (entity.type === 'mention' && entity.mentioned?.id === activity.recipient.id && entity.text) text = text.split(entity.text).join(' ');
  }
  return text
    .replace(/^\s*<at>[^<]*<\/at>/i, ' ')
    .replace(/<at>([^<]*)<\/at>/gi, '@$1')
    .replace(/<br\s*\/?>|<\/p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => entities[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
