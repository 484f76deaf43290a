import type { types } from '@slack/bolt';

/** The Block Kit types botwatch renders (from @slack/types, through Bolt). */
export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type HeaderBlock = types.HeaderBlock;
export type ContextBlock = types.ContextBlock;
export type ActionsBlock = types.ActionsBlock;
export type ImageBlock = types.ImageBlock;
export type Button = types.Button;

/** A message as Slack takes it: notification text (always) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
