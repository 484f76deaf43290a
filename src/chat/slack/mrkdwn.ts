/**
 * Text for Slack's mrkdwn: `&`, `<` and `>` are control characters there (links, mentions) and
 * must be escaped in anything botwatch did not write itself (bot names, intents, versions).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Escapes `raw` and keeps the result within `max` characters, cutting the raw text (never an
 * entity such as `&amp;` in half) and ending with "…" when cut.
 */
export function escapeWithin(raw: string, max: number): string {
  let escaped = escapeMrkdwn(raw);
  for (let keep = raw.length; escaped.length > max && keep > 0; ) {
    keep -= Math.max(1, escaped.length - max);
    escaped = `${escapeMrkdwn(raw.slice(0, Math.max(0, keep)))}…`;
  }
  return escaped;
}

/** A code block (monospace) around already escaped text. */
export function codeBlock(escaped: string): string {
  return `\`\`\`\n${escaped}\n\`\`\``;
}
