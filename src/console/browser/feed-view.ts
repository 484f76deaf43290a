import type { FeedEntry } from '../feed-entry.ts';
import { el } from './dom.ts';
import { renderReply } from './render-reply.ts';
import type { PressButton } from './render-reply.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The channel's messages on the page, by id: a message arriving twice (the answer to a command
 * comes back both from the request and over the event stream) is shown once, and a newer
 * revision replaces the older one in place.
 */
export class FeedView {
  private readonly shown = new Map<string, { entry: FeedEntry; element: HTMLElement }>();

  constructor(
    private readonly list: HTMLElement,
    private readonly press: PressButton,
  ) {}

  /** Shows a message, or its newer revision. */
  show(entry: FeedEntry): void {
    const current = this.shown.get(entry.id);
    if (current !== undefined && current.entry.revision >= entry.revision) return;
    const stickToBottom = this.isNearBottom();
    const element = this.render(entry);
    if (current !== undefined) current.element.replaceWith(element);
    else this.list.append(element);
    this.shown.set(entry.id, { entry, element });
    this.list.querySelector('.empty')?.remove();
    if (stickToBottom || entry.author === 'you') this.scrollToBottom();
  }

  /** A line from the console itself (a request that failed), not part of the channel. */
  notice(text: string): void {
    this.list.append(el('div', { class: 'notice', role: 'status' }, text));
    this.scrollToBottom();
  }

  scrollToBottom(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  private isNearBottom(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
  }

  private render(entry: FeedEntry): HTMLElement {
    const at = new Date(entry.at);
    const parent = entry.inReplyTo === undefined ? undefined : this.shown.get(entry.inReplyTo)?.entry;
    const header = el(
      'div',
      { class: 'message-header' },
      el('span', { class: 'author' }, entry.author === 'you' ? 'you' : 'botwatch'),
      entry.author === 'botwatch' ? el('span', { class: 'app-badge' }, 'APP') : null,
      el('time', { datetime: entry.at, title: at.toLocaleString() }, timeFormat.format(at)),
      entry.onlyYou ? el('span', { class: 'only-you' }, 'Only visible to you') : null,
      entry.revision > 1 ? el('span', { class: 'edited' }, '(updated)') : null,
    );
    const thread =
      entry.inReplyTo === undefined
        ? null
        : el('div', { class: 'in-thread' }, `↳ in reply to ${parent?.reply ? `“${parent.reply.title}”` : 'an earlier message'}`);
    const body = entry.reply ? renderReply(entry, entry.reply, this.press) : el('div', { class: 'typed' }, entry.text ?? '');
    return el(
      'article',
      { class: `message from-${entry.author} origin-${entry.origin}${entry.reply ? ` kind-${entry.reply.kind}` : ''}`, id: `message-${entry.id}`, 'data-id': entry.id },
      el('div', { class: 'avatar', 'aria-hidden': 'true' }, entry.author === 'you' ? 'Y' : 'bw'),
      el('div', { class: 'message-main' }, header, thread, body),
    );
  }
}
