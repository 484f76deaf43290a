import type { Aggregates } from '../metrics/aggregates.ts';
import { findMetric } from '../metrics/catalog.ts';
import { formatCount, formatShare } from '../metrics/format.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { buildFigure } from '../replies/build-figure.ts';
import type { OutcomesChart, Reply } from '../replies/reply.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';

/** Settled conversations split contained/escalated × success/mixed/unsuccessful (a conversation's outcome, docs/metrics.md). */
export function outcomeGroups(a: Aggregates): OutcomesChart['groups'] {
  const escalated = { success: a.outcome_success_escalated, mixed: a.outcome_mixed_escalated };
  const containedSuccess = a.outcome_success - escalated.success;
  const containedMixed = a.outcome_mixed - escalated.mixed;
  return [
    { group: 'contained', success: containedSuccess, mixed: containedMixed, unsuccessful: a.contained - containedSuccess - containedMixed },
    { group: 'escalated', success: escalated.success, mixed: escalated.mixed, unsuccessful: a.escalated_settled - escalated.success - escalated.mixed },
  ];
}

/** `/botwatch outcomes [bot] [window]`. */
export async function runOutcomes(scope: Scope, ctx: CommandContext): Promise<Reply> {
  const r = await resolveScope(scope, ctx);
  const rows = await queryAggregates(ctx.db, { filter: r.filter, current: r.window, previous: r.window.previous, timeZone: r.window.timeZone, now: r.now, idleMinutes: ctx.idleMinutes });
  const current = sumAggregates(rows.filter((x) => x.period === 'current').map((x) => x.aggregates));
  const previous = sumAggregates(rows.filter((x) => x.period === 'previous').map((x) => x.aggregates));
  const groups = outcomeGroups(current);
  const share = (n: number) => (current.settled > 0 ? formatShare(n / current.settled) : 'n/a');
  const sends = () => true;
  const containment = findMetric('containment_rate')!;
  const resolution = findMetric('resolution_rate')!;
  const notes = [
    'Outcome: the explicit conversation.ended outcome, otherwise success when resolved or a goal was completed, otherwise unsuccessful. Settled conversations only.',
  ];
  if (current.conversations > current.settled) notes.push(`${formatCount(current.conversations - current.settled)} conversations are still in progress and not counted.`);
  const reply: Reply = {
    kind: 'result',
    title: `Outcomes — ${r.botsLabel}`,
    subtitle: r.subtitle,
    figures: [
      buildFigure(containment, containment.compute!(current, { sends }), containment.compute!(previous, { sends })),
      buildFigure(resolution, resolution.compute!(current, { sends }), resolution.compute!(previous, { sends })),
    ],
    table: {
      columns: [
        { key: 'group', label: '' },
        { key: 'success', label: 'Success', align: 'right' },
        { key: 'mixed', label: 'Mixed', align: 'right' },
        { key: 'unsuccessful', label: 'Unsuccessful', align: 'right' },
        { key: 'total', label: 'Total', align: 'right' },
      ],
      rows: groups.map((g) => {
        const total = g.success + g.mixed + g.unsuccessful;
        return {
          group: g.group === 'contained' ? 'Contained' : 'Escalated',
          success: `${formatCount(g.success)} (${share(g.success)})`,
          mixed: `${formatCount(g.mixed)} (${share(g.mixed)})`,
          unsuccessful: `${formatCount(g.unsuccessful)} (${share(g.unsuccessful)})`,
          total: `${formatCount(total)} (${share(total)})`,
        };
      }),
      // Exported as counts; a share is the count over the settled conversations.
      exportColumns: [
        { key: 'group', label: 'Group' },
        { key: 'success', label: 'Success' },
        { key: 'mixed', label: 'Mixed' },
        { key: 'unsuccessful', label: 'Unsuccessful' },
        { key: 'total', label: 'Total' },
      ],
      values: groups.map((g) => ({ group: g.group, success: g.success, mixed: g.mixed, unsuccessful: g.unsuccessful, total: g.success + g.mixed + g.unsuccessful })),
    },
    notes,
  };
  if (current.settled > 0) reply.chart = { kind: 'outcomes', title: 'Outcomes of settled conversations', subtitle: r.subtitle, groups };
  return reply;
}
