import { DomainError } from '../errors.ts';
import { formatCount, formatShare } from '../metrics/format.ts';
import { biggestDropOff, flowsInWindow, queryFunnel } from '../metrics/funnel.ts';
import type { Reply } from '../replies/reply.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';

/**
 * `/botwatch funnel [bot] [flow:<name>] [window]`: a flow's steps in the order conversations
 * reach them, with how many reached each, the step-to-step conversion and the drop-off between
 * steps (src/metrics/funnel.ts).
 */
export async function runFunnel(scope: Scope, ctx: CommandContext): Promise<Reply> {
  const r = await resolveScope({ ...scope, flows: [] }, ctx);
  const settledBefore = new Date(r.now.getTime() - ctx.idleMinutes * 60_000);
  const flows = await flowsInWindow(ctx.db, r.window, r.filter);
  const flow = scope.flows[0] ?? flows[0]?.flow;
  if (flow === undefined) {
    return { kind: 'result', title: `Funnel — ${r.botsLabel}`, subtitle: r.subtitle, figures: [], notes: [`No conversation reached a flow step (step.reached events) in this window (${r.window.label}).`] };
  }
  if (scope.flows[0] !== undefined && !flows.some((f) => f.flow === flow)) {
    const known = flows.map((f) => f.flow);
    throw new DomainError('unknown_flow', `no conversation entered flow "${flow}" in this window${known.length ? ` (flows seen: ${known.join(', ')})` : ''}`);
  }
  const { entered, inProgress, steps: funnel } = await queryFunnel(ctx.db, r.window, r.filter, flow, settledBefore);
  const worst = biggestDropOff(funnel);
  const last = funnel.at(-1);
  const notes = [
    ...(worst ? [`Biggest drop-off: ${formatCount(worst.dropOff)} conversations lost before "${worst.step}".`] : []),
    ...(inProgress > 0 ? [`${formatCount(inProgress)} of these conversations are still in progress and may go further.`] : []),
    ...(flows.length > 1 ? [`Other flows: ${flows.filter((f) => f.flow !== flow).map((f) => f.flow).join(', ')} (ask with flow:<name>).`] : []),
    'Step order comes from the data: the average position at which conversations first reach each step.',
  ];
  return {
    kind: 'result',
    title: `Funnel "${flow}" — ${r.botsLabel}`,
    subtitle: r.subtitle,
    figures: [
      { metric: 'conversations', label: `Entered ${flow}`, unit: 'count', better: 'none', value: entered, formatted: formatCount(entered) },
      ...(last && entered > 0
        ? [{ metric: 'completion_rate', label: `Reached ${last.step}`, unit: 'share' as const, better: 'higher' as const, value: last.reached / entered, formatted: formatShare(last.reached / entered), numerator: last.reached, denominator: entered, note: `${formatCount(last.reached)} of ${formatCount(entered)}` }]
        : []),
    ],
    table: {
      columns: [
        { key: 'step', label: 'Step' },
        { key: 'reached', label: 'Reached', align: 'right' },
        { key: 'ofEntered', label: '% of entered', align: 'right' },
        { key: 'conversion', label: 'From previous', align: 'right' },
        { key: 'dropOff', label: 'Dropped before', align: 'right' },
      ],
      rows: funnel.map((s) => ({
        step: s.step,
        reached: formatCount(s.reached),
        ofEntered: entered > 0 ? formatShare(s.reached / entered) : 'n/a',
        conversion: s.conversion === null ? '–' : formatShare(s.conversion),
        dropOff: s.conversion === null ? '–' : formatCount(s.dropOff),
      })),
      values: funnel.map((s) => ({ reached: s.reached, ofEntered: entered > 0 ? s.reached / entered : null, conversion: s.conversion, dropOff: s.conversion === null ? null : s.dropOff })),
    },
    chart: { kind: 'funnel', title: `Funnel: ${flow}`, subtitle: r.subtitle, flow, steps: funnel },
    notes,
  };
}
