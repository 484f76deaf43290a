const maxLength = 2_000;
const maxTokens = 60;

/**
 * Splits command text into words, after undoing what chat platforms do to text: Slack's
 * `<#C1|name>` / `<@U1>` / `<http://…|label>` markup (kept after `notify:`, where the id matters), HTML
 * entities, smart quotes and dashes.
 * Control characters are dropped; very long input is cut. Never throws.
 */
export function tokenize(input: unknown): string[] {
  let text = typeof input === 'string' ? input : '';
  if (text.length > maxLength) text = text.slice(0, maxLength);
  text = text
    // Markup becomes its label or id, except a mention given to `notify:` (alerts): Slack pings a
    // user group or a user only by its id, so that markup is kept whole.
    .replace(/(?<!notify:)<[#@!][^>|]*\|([^>]*)>/gi, '$1')
    .replace(/(?<!notify:)<[#@!]([^>]*)>/gi, '$1')
    .replace(/<(https?:[^>|]*)(\|[^>]*)?>/g, '$1')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\u00a0/g, ' ');
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === '/botwatch' || words[0]?.toLowerCase() === 'botwatch' || words[0]?.toLowerCase() === '@botwatch') words.shift();
  return words.slice(0, maxTokens);
}
