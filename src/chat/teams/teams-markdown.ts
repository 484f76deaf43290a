/**
 * Teams renders the text of messages and Adaptive Card TextBlocks as a subset of Markdown, so a
 * bot id such as `lead_gen_bot` would turn italic. Text that comes from data is escaped.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]~]/g, '\\$&');
}

/**
 * Usage and notes are written for Slack's slash command (`/botwatch summary …`); in Teams the
 * same command is typed to the bot (`@botwatch summary …`).
 */
export function teamsCommandWording(text: string): string {
  return text.replace(/(^|[\s("'`])\/botwatch\b/g, '$1@botwatch');
}
