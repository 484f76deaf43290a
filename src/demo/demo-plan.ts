import { defaultProfiles } from '../gen/bot-profiles.ts';

/** What a demo data set is generated from; kept with it (botwatch_settings) so it can be extended live. */
export interface DemoPlan {
  seed: number;
  /** The instant the generated month ends at: when the demo was loaded. */
  anchor: Date;
  /** Days of history before the anchor. */
  days: number;
  /** Conversations on an average day, all bots together. */
  perDay: number;
}

/**
 * The demo a newcomer gets: a month of 1,000 conversations a day (≈ 12.5 events each, ≈ 375,000
 * events). PGlite stores ≈ 18,000 events/s on this project's machine kind, so the month loads in
 * about 25 s in the background, newest day first (the last 7 days are in within seconds); at this
 * rate the busiest hour has ≈ 30 support-bot conversations, enough for 1-hour alert windows.
 */
export const defaultDemoPlan = { seed: 1, days: 30, perDay: 1_000 } as const;

/** The generated bots: demo data is theirs, so removing it touches no other bot. */
export const demoBotIds: readonly string[] = defaultProfiles.map((p) => p.botId);
