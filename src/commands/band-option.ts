import { historySpan } from '../anomaly/assess-window.ts';
import { hourlyBandReport } from '../anomaly/band-series.ts';
import { maxBaselineWeeks } from '../anomaly/baseline.ts';
import { queryHourlyAggregates } from '../anomaly/hourly-history.ts';
import { hasBand } from '../anomaly/judge-window.ts';
import type { Sensitivity } from '../anomaly/sensitivity.ts';
import { MeasureCache } from '../alerts/evaluation.ts';
import { listBots } from '../metrics/bot-info.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import type { Reply } from '../replies/reply.ts';
import { localZone } from '../time/local-zone.ts';
import { bucketStarts } from '../time/windows.ts';
import type { Grouping, Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import type { ResolvedScope } from './resolve-scope.ts';

/** The band a trend draws is the one anomaly rules use at their default sensitivity. */
const bandSensitivity: Sensitivity = 'medium';
/** One band is one judgement per hour; a month of hours is more than a chart (or the database) needs. */
export const maxBandHours = 14 * 24;

/**
 * Takes `band:on|off` out of a metric command's words. Returns the other words and whether the
 * band was asked for, or what is wrong with the value.
 */
export function takeBandOption(words: readonly string[]): { rest: string[]; band: boolean } | { error: string } {
  let band = false;
  const rest: string[] = [];
  for (const word of words) {
    if (!word.toLowerCase().startsWith('band:')) {
      rest.push(word);
      continue;
    }
    const value = word.slice('band:'.length).toLowerCase();
    if (value !== 'on' && value !== 'off') return { error: `band: takes on or off (band:on draws the usual range behind an hourly trend), not ${JSON.stringify(value)}` };
    band = value === 'on';
  }
  return { rest, band };
}

/** Why `band:on` cannot be drawn for this metric, grouping and scope, or undefined when it can. */
export function bandMistake(metric: MetricDefinition, by: Grouping | undefined, scope: Scope): string | undefined {
  if (!hasBand(metric)) return `band:on is for rates, volumes and reply times; ${metric.id} is none of these`;
  if (by !== 'hour') return 'band:on needs by:hour (the usual range is learnt hour by hour)';
  if (scope.bots.length > 1) return 'band:on draws one bot’s usual range; name one bot, or none for all bots together';
  if (scope.versions.length + scope.channels.length + scope.intents.length + scope.flows.length > 0) return 'band:on is learnt from a bot’s whole traffic; drop the version:, channel:, intent: and flow: filters';
  return undefined;
}

/**
 * Adds the usual band (anomaly rules' computation, medium sensitivity) behind an hourly trend's
 * line and a note saying what the shading is, or that the band is still learning.
 */
export async function addBand(reply: Reply, metric: MetricDefinition, r: ResolvedScope, ctx: CommandContext): Promise<void> {
  const chart = reply.chart;
  if (chart?.kind !== 'timeseries') return;
  const { window } = r;
  const end = new Date(Math.min(window.end.getTime(), r.now.getTime()));
  const starts = bucketStarts({ start: window.start, end }, 'hour', window.timeZone);
  if (starts.length > maxBandHours) {
    reply.notes.push(`No band: band:on draws at most ${maxBandHours / 24} days of hours; ask for a shorter window such as 7d.`);
    return;
  }
  const botId = r.filter.bots[0] ?? null;
  const filter = { bots: botId === null ? [] : [botId], versions: [], channels: [], intents: [] };
  const preloaded = await queryHourlyAggregates(ctx.db, filter, historySpan({ start: window.start, end }));
  const assess = { db: ctx.db, now: r.now, idleMinutes: ctx.idleMinutes, cache: new MeasureCache(), preloaded };
  // The usual week is the bot's own (botwatch bots tz) when it has one; the chart's hours stay in the asked zone.
  const bot = botId === null ? undefined : (await assess.cache.get(['bots'], () => listBots(ctx.db))).find((b) => b.botId === botId);
  const { band, learning } = await hourlyBandReport({ metric, botId, starts, end, timeZone: localZone(null, bot, window.timeZone), sensitivity: bandSensitivity }, assess);
  chart.band = band;
  const drawn = band.points.filter((p) => p.high !== null).length;
  const what = `Shaded: the usual range for each hour (${bandSensitivity} sensitivity, from up to ${maxBaselineWeeks} previous weeks)`;
  if (learning !== undefined) reply.notes.push(`${what} — ${learning}: ${drawn === 0 ? 'no band yet' : `drawn for ${drawn} of ${starts.length} hours`}.`);
  else reply.notes.push(`${what}.`);
}
