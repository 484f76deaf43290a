/**
 * What the console's server sends its browser page (types only: the browser code imports them too).
 * Replies travel as the platform-neutral `Reply`; the browser renders it as Slack and Teams do.
 */
import type { Reply } from '../replies/reply.ts';

/** A published chart (`BotwatchServices.publishChart`), linked by its server-relative signed path. */
export interface ChartImage {
  url: string;
  altText: string;
  /** Pixels (the PNG is drawn at 2×: shown at half this width). */
  width: number;
  height: number;
}

/** One message in the local channel. */
export interface FeedEntry {
  /** `m17`: also the message id a Deliverer returns (threads and updates refer to it). */
  id: string;
  /** Increases when the message is replaced (a button's effect). */
  revision: number;
  /** ISO instant it was posted. */
  at: string;
  author: 'you' | 'botwatch';
  /** How it arrived: a command typed here, a digest or alert posted to the channel, a button's answer. */
  origin: 'command' | 'delivery' | 'action';
  /** What was typed (author `you`). */
  text?: string;
  reply?: Reply;
  chart?: ChartImage;
  /** When the chart could not be drawn: why (the cause is in the log). */
  chartError?: string;
  /** The message this one answers in its thread. */
  inReplyTo?: string;
  /** Errors, help and a button's answer are shown only to whoever asked in Slack; the console marks them. */
  onlyYou?: boolean;
}

/** `POST /console/ask` and `POST /console/action` answer with the messages they added or changed. */
export interface FeedChange {
  entries: FeedEntry[];
  updated?: FeedEntry;
}

/** `GET /console/status`: what the banner says. */
export interface ConsoleStatus {
  demo: { status: 'loading' | 'ready'; days: number; loadedDays: number; seed: number; bots: string[]; loadedAt: string } | null;
}

/** `GET /console/vocabulary`: what the command box completes. */
export interface Vocabulary {
  commands: string[];
  /** Sub-commands of `digest` and `alert`. */
  subcommands: Record<string, string[]>;
  metrics: { id: string; name: string; aliases: string[] }[];
  bots: string[];
  windows: string[];
  groupings: string[];
  filters: string[];
}
