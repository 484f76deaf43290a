import { DomainError } from '../errors.ts';
import { botsWithConversation, conversationTimeline } from '../metrics/drill-down/conversation-timeline.ts';
import { formatCount } from '../metrics/format.ts';
import type { Reply } from '../replies/reply.ts';
import { formatInstant } from '../time/format-instant.ts';
import type { Command } from './command.ts';
import type { CommandContext } from './command-context.ts';

const said: Record<string, string> = { 'message.received': 'user', 'message.sent': 'bot' };

/**
 * `/botwatch conversation <id> [bot]`: one conversation, event by event — its transcript with the
 * hand-off, steps and other events inline when message text is stored, else its event timeline.
 */
export async function runConversation(command: Extract<Command, { name: 'conversation' }>, ctx: CommandContext): Promise<Reply> {
  const bots = await botsWithConversation(ctx.db, command.id, command.bot);
  if (bots.length === 0) throw new DomainError('unknown_conversation', `no conversation "${command.id.slice(0, 80)}"${command.bot ? ` of ${command.bot}` : ''} is stored`);
  if (bots.length > 1) throw new DomainError('ambiguous_conversation', `several bots have a conversation "${command.id.slice(0, 80)}" (${bots.join(', ')}); name one: /botwatch conversation ${command.id} ${bots[0]}`);
  const bot = bots[0]!;
  const { events, total } = await conversationTimeline(ctx.db, bot, command.id);
  const withText = events.some((e) => e.text !== null);
  const messages = events.filter((e) => e.type in said).length;
  return {
    kind: 'result',
    title: `Conversation ${command.id} — ${bot}`,
    subtitle: [events[0] ? `started ${formatInstant(events[0].at, ctx.timeZone)}` : '', ctx.timeZone].filter(Boolean).join(' · '),
    figures: [
      { metric: 'events', label: 'Events', unit: 'count', better: 'none', value: total, formatted: formatCount(total) },
      { metric: 'messages', label: 'Messages', unit: 'count', better: 'none', value: messages, formatted: formatCount(messages) },
    ],
    table: {
      columns: [
        { key: 'at', label: 'Time' },
        { key: 'event', label: withText ? 'Who / event' : 'Event' },
        { key: 'detail', label: withText ? 'Text / detail' : 'Detail' },
      ],
      rows: events.map((e) => ({
        at: formatInstant(e.at, ctx.timeZone),
        event: said[e.type] ?? e.type,
        detail: [e.text === null ? '' : e.text, e.detail].filter(Boolean).join(' · '),
      })),
      values: events.map((e) => ({ at: e.at.toISOString() })),
    },
    notes: [
      ...(total > events.length ? [`Showing the first ${events.length} of ${formatCount(total)} events.`] : []),
      ...(!withText && messages > 0 ? ['Message text is not stored (BOTWATCH_STORE_MESSAGE_TEXT is off), so this is the event timeline.'] : []),
    ],
  };
}
