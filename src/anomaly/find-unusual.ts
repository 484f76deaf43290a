import type { Queryable } from '../db/database.ts';
import { metricCatalog } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { listBots } from '../metrics/bot-info.ts';
import { formatCount } from '../metrics/format.ts';
import { localZone } from '../time/local-zone.ts';
import type { Interval } from '../time/windows.ts';
import { assessWindow, preloadHistory } from './assess-window.ts';
import { describeCurrent, describeUsual } from './describe-anomaly.ts';
import { hasBand } from './judge-window.ts';
import type { Judgement } from './judge-window.ts';
import type { Sensitivity } from './sensitivity.ts';

/** A metric of a bot outside its usual band. */
export interface Unusual {
  botId: string;
  metric: MetricDefinition;
  judged: Extract<Judgement, { kind: 'judged' }>;
  /** "support-bot: hand-off 31 % (56 of 181) over the last hour — higher than usual (usually 12–18 % on Tuesdays 10:00–11:00)". */
  sentence: string;
}

export interface UnusualQuestion {
  db: Queryable;
  bots: readonly string[];
  window: Interval;
  /** The zone of the usual week for a bot without its own (botwatch bots tz). */
  timeZone: string;
  now: Date;
  idleMinutes: number;
  sensitivity?: Sensitivity;
  /** A rate over fewer conversations than this is never called unusual. */
  minConversations?: number;
}

export interface UnusualFindings {
  unusual: Unusual[];
  /** Bot and metric pairs compared with a band. */
  compared: number;
  /** Bots still learning (fewer than three weeks of history). */
  learning: string[];
}

/** The metrics with a band: every rate, conversation volume and reply time. */
export const bandedMetrics = (): MetricDefinition[] => metricCatalog.filter(hasBand);

class OneLoad {
  private readonly entries = new Map<string, Promise<unknown>>();
  get<T>(key: unknown[], load: () => Promise<T>): Promise<T> {
    const k = JSON.stringify(key);
    let entry = this.entries.get(k) as Promise<T> | undefined;
    if (entry === undefined) this.entries.set(k, (entry = load()));
    return entry;
  }
}

/**
 * Every rate, the volume and the reply time of each bot over the window, against the band of what is usual then
 * (medium sensitivity unless asked), either way; the ones outside it ranked by how far outside
 * (in band half-widths). What `/botwatch anomalies` and the digests' "What's unusual" show.
 */
export async function findUnusual(q: UnusualQuestion): Promise<UnusualFindings> {
  const sensitivity = q.sensitivity ?? 'medium';
  const min = q.minConversations ?? 10;
  const ctx = { db: q.db, now: q.now, idleMinutes: q.idleMinutes, cache: new OneLoad(), preloaded: await preloadHistory(q.db, q.window) };
  const unusual: Unusual[] = [];
  const learning = new Set<string>();
  let compared = 0;
  const known = await ctx.cache.get(['bots'], () => listBots(q.db));
  for (const botId of q.bots) {
    // Each bot's usual week is in its own zone (botwatch bots tz) when it has one.
    const timeZone = localZone(null, known.find((b) => b.botId === botId), q.timeZone);
    for (const metric of bandedMetrics()) {
      const judged = await assessWindow({ metric, botId, window: q.window, timeZone, sensitivity, direction: 'both' }, ctx);
      if (judged.kind === 'unjudged') {
        if (judged.learning) learning.add(botId);
        continue;
      }
      if (metric.id !== 'conversations' && (judged.denominator ?? 0) < min) continue;
      compared++;
      if (!judged.outside) continue;
      const way = judged.value > judged.band.expected ? 'higher' : 'lower';
      const seconds = (q.window.end.getTime() - q.window.start.getTime()) / 1000;
      unusual.push({ botId, metric, judged, sentence: `${botId}: ${describeCurrent(metric, judged, seconds)} — ${way} than usual (${describeUsual(judged.band, metric.unit, q.window, timeZone)})` });
    }
  }
  unusual.sort((a, b) => b.judged.distance - a.judged.distance);
  return { unusual, compared, learning: [...learning] };
}

/** "3 of 52 rates, volumes and reply times compared are unusual". */
export const describeFindings = (f: UnusualFindings): string =>
  `${formatCount(f.unusual.length)} of ${formatCount(f.compared)} rates, volumes and reply times compared with their usual band ${f.unusual.length === 1 ? 'is' : 'are'} outside it`;
