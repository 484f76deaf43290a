/** The rule mix of the alert benchmarks, and a deliverer that counts instead of posting. */
import type { RuleSettings } from '../src/alerts/alert-rule.ts';
import { defaultRecovery } from '../src/alerts/conditions.ts';
import { silenceSettings } from '../src/alerts/parse-alert-add.ts';
import type { DeliveryResult, Deliverer } from '../src/chat/deliver.ts';
import type { Destination } from '../src/chat/destination.ts';
import { Random } from '../src/gen/random.ts';
import { findMetric } from '../src/metrics/catalog.ts';

/** Counts what would be posted, answering like a platform that accepted it. */
export class CountingDeliverer implements Deliverer {
  readonly platform = 'slack' as const;
  posted = 0;
  deliver(): Promise<DeliveryResult> {
    return Promise.resolve({ ok: true, messageId: `bench-${++this.posted}` });
  }
}

/**
 * A deterministic mix like a large deployment's: most rules on hand-off and drop-off, many on
 * one-hour windows; some per channel or version, some over all bots; a few silence rules.
 */
export function makeRules(count: number): RuleSettings[] {
  const random = new Random(8);
  const versions: Record<string, string[]> = { 'support-bot': ['3.2.0', '3.3.0'], 'leadgen-bot': ['1.4.2'], 'bookings-bot': ['2.0.1', '2.1.0'] };
  const channels = ['web', 'whatsapp', 'messenger', 'sms'];
  const out: RuleSettings[] = [];
  for (let i = 0; i < count; i++) {
    const destination: Destination = { platform: 'slack', channelId: `C0BENCH${i % 20}` };
    const bot = random.pick({ 'support-bot': 30, 'leadgen-bot': 25, 'bookings-bot': 25, all: 20 });
    if (bot !== 'all' && random.chance(0.02)) {
      out.push(silenceSettings(bot, 1800, destination, { renotifySeconds: 4 * 3600, mention: null }));
      continue;
    }
    const metricId = random.pick({
      handoff_rate: 25, drop_off_rate: 15, resolution_rate: 8, containment_rate: 8, completion_rate: 6, engagement_rate: 5,
      conversion_rate: 4, fallback_rate: 4, csat: 4, avg_response_ms: 8, p95_response_ms: 5, conversations: 8,
    });
    const metric = findMetric(metricId)!;
    const windowSeconds = Number(random.pick({ 900: 10, 1800: 15, 3600: 45, 7200: 10, 21600: 10, 86400: 10 }));
    const filterKind = random.pick({ none: 60, channel: 25, version: 15 });
    const filter = { versions: [] as string[], channels: [] as string[], intents: [] as string[], flows: [] as string[] };
    if (filterKind === 'channel') filter.channels.push(channels[random.int(0, channels.length - 1)]!);
    if (filterKind === 'version' && bot !== 'all') filter.versions.push(versions[bot]![random.int(0, versions[bot]!.length - 1)]!);
    const direction = metric.id === 'conversations' || metric.better === 'higher' ? 'below' : 'above';
    const threshold = metric.unit === 'share' ? Math.round(random.between(0.05, 0.6) * 100) / 100 : metric.unit === 'ms' ? random.int(5, 30) * 100 : random.int(10, 500);
    out.push({
      kind: 'metric',
      metric: metric.id,
      botId: bot === 'all' ? null : bot,
      filter,
      direction,
      threshold,
      recoverThreshold: defaultRecovery(direction, threshold, metric.unit),
      windowSeconds,
      minConversations: metric.id === 'conversations' ? 0 : 30,
      forSeconds: [0, 120, 300][random.int(0, 2)]!,
      renotifySeconds: 4 * 3600,
      mention: null,
      destination,
    });
  }
  return out;
}

export function summariseMix(rules: RuleSettings[]): string {
  const silence = rules.filter((r) => r.kind === 'silence').length;
  const filtered = rules.filter((r) => r.filter.channels.length + r.filter.versions.length > 0).length;
  const allBots = rules.filter((r) => r.kind === 'metric' && r.botId === null).length;
  const distinct = new Set(rules.map((r) => JSON.stringify([r.botId, r.filter, r.windowSeconds]))).size;
  return `${silence} silence, ${filtered} with a channel or version filter, ${allBots} over all bots; ${distinct} distinct bot/filter/window combinations`;
}
