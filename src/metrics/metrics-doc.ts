import { healthWeights, metricCatalog } from './catalog.ts';

const unitText = { share: 'share (shown as %)', count: 'count', ms: 'milliseconds', s: 'seconds', score: 'number', money: 'money (bot currency)', usd: 'US dollars' } as const;

/** docs/metrics.md, generated from the catalog (`npm run docs:metrics`); a test keeps it current. */
export function renderMetricsDoc(): string {
  const lines = [
    '# Metrics',
    '',
    '<!-- Generated from src/metrics/catalog.ts by `npm run docs:metrics`; do not edit by hand. -->',
    '',
    'Every metric botwatch computes, as `/botwatch metrics` lists them. Rates take numerator and',
    'denominator from the same cohort: the conversations that **started** in the window. Metrics',
    'marked *settled only* count conversations that ended or have been idle longer than',
    '`BOTWATCH_IDLE_TIMEOUT_MINUTES` (default 30); replies say how many are still in progress.',
    'A metric is **n/a** (never 0 %) when its denominator is 0 or the bot never sends the events it',
    'needs, and the reply says which.',
    '',
    '| id | name | formula | unit | better | needs events | also called |',
    '|---|---|---|---|---|---|---|',
    ...metricCatalog.map(
      (m) =>
        `| \`${m.id}\` | ${m.name}${m.settledOnly ? ' *(settled only)*' : ''} | ${m.formula.replaceAll('|', '\\|')} | ${unitText[m.unit]} | ${m.better === 'none' ? '–' : m.better} | ${m.needs.length ? m.needs.map((t) => (t === 'step.final' ? '`step.reached` with `final: true`' : `\`${t}\``)).join(' or ') : '–'} | ${m.aliases.map((a) => `\`${a}\``).join(', ') || '–'} |`,
    ),
    '',
    '## Definitions',
    '',
    ...metricCatalog.flatMap((m) => [`### ${m.name} — \`${m.id}\``, '', m.description, '', `Formula: ${m.formula}.`, '']),
    '## Notes',
    '',
    `- Interaction health weights: resolution ${healthWeights.resolution}, containment ${healthWeights.containment}, CSAT ${healthWeights.csat}, (1 − drop-off) ${healthWeights.notDroppedOff}.`,
    '- Completion and drop-off need final flow steps: a bot that never sends a `step.reached` with',
    '  `final: true` cannot complete anything, so both are n/a for it rather than 0 % and 100 %.',
    '- p95 response time is taken over the bot messages sent in the window (a per-message measure);',
    '  every other metric is taken over the conversations that started in the window.',
    '- Funnel step order comes from the data: the mean position at which conversations first reach each step.',
    `- \`by:model\` and \`by:provider\` break down the metrics made of model calls alone (${metricCatalog.filter((m) => m.groupsByModel === true).map((m) => `\`${m.id}\``).join(', ')}): a conversation that called two models counts in both groups, each with only its own calls ([LLM bots](llm-bots.md#by-model-and-by-provider)).`,
    '',
  ];
  return lines.join('\n');
}
