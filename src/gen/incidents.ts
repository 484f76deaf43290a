import type { Interval } from '../time/windows.ts';

/** The incidents `botwatch gen --incident` can plant, as written on the command line. */
export const incidentKinds = ['handoff-spike', 'volume-drop', 'latency-rise', 'slow-drift'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** An incident planted in generated events: which bots (null = every bot), when, and how big. */
export interface GenIncident {
  kind: IncidentKind;
  botId: string | null;
  at: Interval;
  /** Multiplier: ×2.5 hand-off chance, ×0.3 conversations, ×3 reply latency; a drift's at its end. */
  size: number;
}

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const shape = /^([a-z-]+)(?:@([A-Za-z0-9._-]+))?:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z?:(\d+)([mhd]):x(\d+(?:\.\d+)?)$/;
export const incidentSyntax = '<kind>[@bot]:<start YYYY-MM-DDTHH:MM, UTC>:<duration 30m|2h|1d>:x<size>, e.g. handoff-spike@support-bot:2026-11-10T10:00:1h:x2.5';

/**
 * Reads one `--incident` value, checked against the generated period and the generated bots.
 * Throws an Error naming what is wrong (the CLI shows it).
 */
export function parseIncident(text: string, context: { period: Interval; bots: readonly string[] }): GenIncident {
  const m = shape.exec(text.trim());
  if (m === null) throw new Error(`--incident ${JSON.stringify(text)}: expected ${incidentSyntax}`);
  const [, kindText, bot, startText, amount, unit, sizeText] = m as unknown as [string, string, string | undefined, string, string, string, string];
  if (!(incidentKinds as readonly string[]).includes(kindText)) throw new Error(`--incident ${text}: unknown kind "${kindText}"; give one of ${incidentKinds.join(', ')}`);
  const kind = kindText as IncidentKind;
  if (bot !== undefined && !context.bots.includes(bot)) throw new Error(`--incident ${text}: no generated bot "${bot}"; the generated bots are ${context.bots.join(', ')} (leave out @bot for all of them)`);
  const start = new Date(`${startText}:00Z`);
  if (Number.isNaN(start.getTime())) throw new Error(`--incident ${text}: ${startText} is not a date and time`);
  const duration = Number(amount) * units[unit]!;
  if (duration < 15 * 60_000 || duration > 7 * 86_400_000) throw new Error(`--incident ${text}: the duration must be 15m to 7d, not ${amount}${unit}`);
  const end = new Date(start.getTime() + duration);
  if (start < context.period.start || end > context.period.end) {
    throw new Error(`--incident ${text}: ${startText} to ${end.toISOString().slice(0, 16)} is not inside the generated period ${context.period.start.toISOString().slice(0, 16)} to ${context.period.end.toISOString().slice(0, 16)} (UTC)`);
  }
  const size = Number(sizeText);
  if (kind === 'volume-drop' ? !(size > 0 && size < 1) : !(size > 1 && size <= 20)) {
    throw new Error(`--incident ${text}: ${kind === 'volume-drop' ? 'a volume drop keeps a share of the conversations: give x0.05 to x0.95' : `a ${kind} multiplies: give x1.1 to x20`}, not x${sizeText}`);
  }
  return { kind, botId: bot ?? null, at: { start, end }, size };
}

/**
 * What the incidents do to a conversation of `botId` starting at `t` (ms): multipliers on its
 * chance of being started at all, of a hand-off and on its reply latencies. A drift grows from
 * nothing at its start to its full size at its end.
 */
export function incidentEffect(incidents: readonly GenIncident[], botId: string, t: number): { volume: number; handoff: number; latency: number } {
  const e = { volume: 1, handoff: 1, latency: 1 };
  for (const i of incidents) {
    if ((i.botId !== null && i.botId !== botId) || t < i.at.start.getTime() || t >= i.at.end.getTime()) continue;
    if (i.kind === 'handoff-spike') e.handoff *= i.size;
    if (i.kind === 'volume-drop') e.volume *= i.size;
    if (i.kind === 'latency-rise') e.latency *= i.size;
    if (i.kind === 'slow-drift') e.handoff *= 1 + ((i.size - 1) * (t - i.at.start.getTime())) / (i.at.end.getTime() - i.at.start.getTime());
  }
  return e;
}
