import type { Vocabulary } from '../feed-entry.ts';
import { CommandHistory } from './command-history.ts';
import { accept, complete } from './completions.ts';
import type { Completion } from './completions.ts';
import { el } from './dom.ts';

/**
 * The command box: Enter sends, ↑/↓ walk the history (kept in localStorage), and a list under
 * the box completes the word being typed (Tab or Enter takes the highlighted one, Esc closes it).
 */
export class CommandBox {
  private readonly history = new CommandHistory(window.localStorage);
  private completion: Completion | undefined;
  private highlighted = -1;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly list: HTMLUListElement,
    private readonly vocabulary: () => Vocabulary,
    private readonly send: (text: string) => void,
  ) {
    input.addEventListener('input', () => this.suggest(false));
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  /** Puts text in the box (the example buttons) and focuses it. */
  fill(text: string): void {
    this.input.value = text;
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
    this.close();
  }

  private onKey(event: KeyboardEvent): void {
    const open = this.completion !== undefined;
    switch (event.key) {
      case 'Enter':
        event.preventDefault();
        if (open && this.highlighted >= 0) return this.take(this.highlighted);
        return this.submit();
      case 'Tab':
        if (!open) {
          this.suggest(true);
          if (this.completion === undefined) return;
        }
        event.preventDefault();
        return this.take(Math.max(0, this.highlighted));
      case 'Escape':
        return this.close();
      case 'ArrowUp':
      case 'ArrowDown': {
        event.preventDefault();
        const down = event.key === 'ArrowDown';
        if (open) return this.highlight(this.highlighted + (down ? 1 : -1));
        const text = down ? this.history.next() : this.history.previous(this.input.value);
        if (text !== undefined) this.fill(text);
        return;
      }
    }
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (text === '') return;
    this.history.add(text);
    this.input.value = '';
    this.close();
    this.send(text);
  }

  private suggest(showAll: boolean): void {
    this.completion = complete(this.input.value, this.input.selectionStart ?? this.input.value.length, this.vocabulary(), { showAll });
    this.highlighted = -1;
    this.draw();
  }

  private take(index: number): void {
    const suggestion = this.completion?.suggestions[index];
    if (this.completion === undefined || suggestion === undefined) return;
    const next = accept(this.input.value, this.completion, suggestion.value);
    this.input.value = next.text;
    this.input.setSelectionRange(next.caret, next.caret);
    this.close();
    if (suggestion.value.endsWith(':')) this.suggest(false);
  }

  private highlight(index: number): void {
    const count = this.completion?.suggestions.length ?? 0;
    if (count === 0) return;
    this.highlighted = (index + count) % count;
    this.draw();
  }

  private close(): void {
    this.completion = undefined;
    this.highlighted = -1;
    this.draw();
  }

  private draw(): void {
    this.list.replaceChildren();
    const suggestions = this.completion?.suggestions ?? [];
    this.list.hidden = suggestions.length === 0;
    this.input.setAttribute('aria-expanded', String(suggestions.length > 0));
    suggestions.forEach((s, i) => {
      const item = el('li', { role: 'option', class: i === this.highlighted ? 'highlighted' : undefined, 'aria-selected': String(i === this.highlighted) }, el('span', { class: 'value' }, s.value), el('span', { class: 'detail' }, s.detail));
      // mousedown, not click: it comes before the box loses focus.
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        this.take(i);
      });
      this.list.append(item);
    });
  }
}
