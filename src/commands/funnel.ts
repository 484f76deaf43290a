import { DomainError } from '../errors.ts';
import { cohortConditions } from '../metrics/cohort.ts';
import { formatCount, formatShare } from '../metrics/format.ts';
import type { FunnelChart, Reply } from '../replies/reply.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';

interface StepRow {
  step: string;
  reached: number;
  avg_rank: number;
  final: boolean;
}

/**
 * `/botwatch funnel [bot] [flow:<name>] [window]`: a flow's steps in the order conversations
 * reach them (taken from the data: mean position of each step's first reach; final steps last),
 * with how many reached each, the step-to-step conversion and the drop-off between steps.
 */
export async function runFunnel(scope: Scope, ctx: CommandContext): Promise<Reply> {
  const r = await resolveScope({ ...scope, flows: [] }, ctx);
  const settledBefore = new Date(r.now.getTime() - ctx.idleMinutes * 60_000);
  const params: unknown[] = [];
  const cohort = cohortConditions(r.window, r.filter, params);
  const flows = await ctx.db.query<{ flow: string; n: number }>(
    `SELECT flow, count(*) AS n FROM conversation_facts f, unnest(f.flows) AS flow WHERE ${cohort} GROUP BY flow ORDER BY n DESC, flow LIMIT 20`,
    params,
  );
  const flow = scope.flows[0] ?? flows[0]?.flow;
  if (flow === undefined) {
    return { kind: 'result', title: `Funnel — ${r.botsLabel}`, subtitle: r.subtitle, figures: [], notes: [`No conversation reached a flow step (step.reached events) in this window (${r.window.label}).`] };
  }
  if (scope.flows[0] !== undefined && !flows.some((f) => f.flow === flow)) {
    const known = flows.map((f) => f.flow);
    throw new DomainError('unknown_flow', `no conversation entered flow "${flow}" in this window${known.length ? ` (flows seen: ${known.join(', ')})` : ''}`);
  }
  const stepParams: unknown[] = [flow];
  const stepCohort = cohortConditions(r.window, r.filter, stepParams);
  const [steps, [entry]] = await Promise.all([
    ctx.db.query<StepRow>(
      `SELECT e.elem->>1 AS step, count(*) AS reached, avg((e.elem->>4)::int)::float8 AS avg_rank, bool_or((e.elem->>3)::boolean) AS final
       FROM conversation_facts f, jsonb_array_elements(f.steps) AS e(elem)
       WHERE ${stepCohort} AND f.flows @> ARRAY[$1::text] AND e.elem->>0 = $1
       GROUP BY 1`,
      stepParams,
    ),
    ctx.db.query<{ entered: number; in_progress: number }>(
      `SELECT count(*) AS entered, count(*) FILTER (WHERE f.ended_at IS NULL AND f.last_event_at >= $${stepParams.length + 1}) AS in_progress
       FROM conversation_facts f WHERE ${stepCohort} AND f.flows @> ARRAY[$1::text]`,
      [...stepParams, settledBefore],
    ),
  ]);
  steps.sort((a, b) => Number(a.final) - Number(b.final) || a.avg_rank - b.avg_rank || b.reached - a.reached);
  const entered = entry?.entered ?? 0;
  const funnel: FunnelChart['steps'] = steps.map((s, i) => {
    const before = i === 0 ? entered : steps[i - 1]!.reached;
    return { step: s.step, reached: s.reached, conversion: i === 0 ? null : before > 0 ? s.reached / before : null, dropOff: Math.max(0, before - s.reached) };
  });
  const worst = funnel.slice(1).reduce<(typeof funnel)[number] | undefined>((w, s) => (w === undefined || s.dropOff > w.dropOff ? s : w), undefined);
  const last = funnel.at(-1);
  const notes = [
    ...(worst && worst.dropOff > 0 ? [`Biggest drop-off: ${formatCount(worst.dropOff)} conversations lost before "${worst.step}".`] : []),
    ...((entry?.in_progress ?? 0) > 0 ? [`${formatCount(entry?.in_progress ?? 0)} of these conversations are still in progress and may go further.`] : []),
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
    },
    chart: { kind: 'funnel', title: `Funnel: ${flow}`, subtitle: r.subtitle, flow, steps: funnel },
    notes,
  };
}
