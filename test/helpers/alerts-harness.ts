import type { AlertsModule } from '../../src/alerts/alerts-module.ts';
import { createAlertsModule } from '../../src/alerts/alerts-module.ts';
import { createServices } from '../../src/app/create-services.ts';
import type { BotwatchServices } from '../../src/app/services.ts';
import type { ActionOutcome } from '../../src/chat/actions.ts';
import type { Asker } from '../../src/chat/destination.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import type { Logger } from '../../src/log.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import type { Action, Reply } from '../../src/replies/reply.ts';
import { RecordingDeliverer } from './recording-deliverer.ts';
import type { RecordedDelivery } from './recording-deliverer.ts';

import type { TestClock } from './test-clock.ts';
export { TestClock } from './test-clock.ts';

/** Log lines a test can look at. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) }), lines };
}

export const oncall: Asker = { platform: 'slack', userId: 'U0ADMIN', displayName: 'Ana', isAdmin: true, destination: { platform: 'slack', channelId: 'C0ONCALL', name: '#oncall' } };

export interface AlertsHarness {
  services: BotwatchServices;
  module: AlertsModule;
  deliverer: RecordingDeliverer;
  /** Types a command as `asker` (an admin in #oncall by default). */
  ask(text: string, asker?: Asker): Promise<Reply>;
  /** Presses a button as a platform adapter would. */
  press(action: Pick<Action, 'id' | 'value'>, asker?: Asker): Promise<ActionOutcome>;
  /** One evaluation cycle (as the timer runs it). */
  tick(): ReturnType<AlertsModule['evaluator']['tick']>;
}

/**
 * The alerts module over a database with a test clock and a recording Slack deliverer: what
 * `botwatch serve` wires, without the HTTP server. Two harnesses over one database are two replicas.
 */
export function alertsHarness(db: Database, clock: TestClock, options: { env?: Record<string, string>; logger?: Logger } = {}): AlertsHarness {
  const config = loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', ...options.env });
  const registry = createServices(config, db, options.logger ?? silentLogger, { now: clock.now });
  const deliverer = new RecordingDeliverer('slack');
  registry.deliverers.slack = deliverer;
  const module = createAlertsModule(registry.services);
  Object.assign(registry.runners, module.runners ?? {});
  Object.assign(registry.actions, module.actions ?? {});
  if (module.firedAlerts) registry.services.firedAlerts = module.firedAlerts;
  return {
    services: registry.services,
    module,
    deliverer,
    ask: (text, asker = oncall) => registry.services.answer(text, asker),
    press: (action, asker = oncall) => registry.services.handleAction(action, asker),
    tick: () => module.evaluator.tick(),
  };
}

export interface SimulatedConversation {
  id: string;
  start: Date;
  handoff?: boolean;
  /** Ends it at once (settled); otherwise it settles after the idle timeout. */
  ended?: boolean;
  latencyMs?: number;
}

/** Stores conversations for a bot: a user message at the start, then a hand-off and an end when asked. */
export async function addConversations(db: Database, botId: string, conversations: readonly SimulatedConversation[]): Promise<void> {
  const events = conversations.flatMap((c) => {
    const at = (seconds: number) => new Date(c.start.getTime() + seconds * 1000).toISOString();
    const base = { botId, conversationId: c.id, userId: `u-${c.id}`, channel: 'web' };
    const list: Record<string, unknown>[] = [{ ...base, id: `${c.id}-in`, type: 'message.received', timestamp: at(0) }];
    if (c.latencyMs !== undefined) list.push({ ...base, id: `${c.id}-out`, type: 'message.sent', timestamp: at(1), latencyMs: c.latencyMs });
    if (c.handoff) list.push({ ...base, id: `${c.id}-handoff`, type: 'handoff', timestamp: at(2) });
    if (c.ended) list.push({ ...base, id: `${c.id}-end`, type: 'conversation.ended', timestamp: at(3) });
    return list;
  });
  const { rows, rejected } = validateEvents(events, { storeMessageText: false, now: new Date('2100-01-01T00:00:00Z') });
  if (rejected.length > 0) throw new Error(`test events rejected: ${JSON.stringify(rejected[0])}`);
  await storeEvents(db, rows);
}

/** `count` conversations spread evenly over [from, from + minutes); `handedOff(i)` says which are handed off. */
export function spread(prefix: string, from: Date, minutes: number, count: number, handedOff: (i: number) => boolean = () => false): SimulatedConversation[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    start: new Date(from.getTime() + Math.floor((i * minutes * 60_000) / count)),
    handoff: handedOff(i),
  }));
}

/** Puts 100 conversations, `handoffs` of them handed off, into the next hour, moves the clock an hour on and evaluates in each replica at once. */
export async function nextHour(db: Database, clock: TestClock, bot: string, handoffs: number, replicas: AlertsHarness[]): Promise<void> {
  const from = clock.now();
  await addConversations(db, bot, spread(`${bot}-${from.getTime()}`, from, 60, 100, (i) => i < handoffs));
  clock.advanceMinutes(60);
  await Promise.all(replicas.map((r) => r.tick()));
}

/** What was posted for one rule (its notifications say "Alert #<id>" first in the subtitle). */
export function postedFor(h: AlertsHarness, id: number): RecordedDelivery[] {
  return h.deliverer.delivered().filter((d) => d.reply.subtitle?.startsWith(`Alert #${id}`) === true);
}

/** The state of a rule as stored. */
export async function ruleState(db: Database, id: number): Promise<string> {
  const [row] = await db.query<{ state: string }>('SELECT state FROM alert_rules WHERE id = $1', [id]);
  return row?.state ?? 'missing';
}

/** The id in "Alert #3 added: …". */
export function addedId(reply: Reply): number {
  const m = /^Alert #(\d+) added/.exec(reply.title);
  if (!m) throw new Error(`not an "alert added" reply: ${reply.title} ${reply.text ?? ''}`);
  return Number(m[1]);
}

/** The silence rule `alert add` made alongside a metric rule ("… is also watched for silence here: alert #4 …"). */
export function silenceIdOf(reply: Reply): number {
  const m = /watched for silence here: alert #(\d+)/.exec(reply.notes.join('\n'));
  if (!m) throw new Error(`no silence rule in: ${reply.notes.join(' | ')}`);
  return Number(m[1]);
}

/**
 * The day the digest and alert end-to-end tests tell of, for `support-bot` (their clock: 2026-11-10
 * 12:00 UTC). Yesterday: 40 conversations, 4 handed off; the last hour: 40 conversations, 20 handed off.
 */
export async function addHandoffSpike(db: Database): Promise<void> {
  await addConversations(db, 'support-bot', spread('yesterday', new Date('2026-11-09T08:00:00Z'), 600, 40, (i) => i % 10 === 0));
  await addConversations(db, 'support-bot', spread('hour', new Date('2026-11-10T11:00:00Z'), 55, 40, (i) => i % 2 === 0).map((c) => ({ ...c, ended: true })));
}
