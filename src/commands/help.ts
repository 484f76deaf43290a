import { findMetric, metricCatalog } from '../metrics/catalog.ts';
import type { Reply } from '../replies/reply.ts';
import { commandUsage, filterHelp, generalUsage, windowHelp } from './usage.ts';

/** `/botwatch help [command|metric]`. */
export function runHelp(topic?: string): Reply {
  if (topic !== undefined) {
    const usage = commandUsage[topic];
    if (usage !== undefined) return { kind: 'help', title: `botwatch ${topic}`, figures: [], notes: [], text: `${usage}\n${windowHelp}\n${filterHelp}` };
    const metric = findMetric(topic);
    if (metric !== undefined) {
      return {
        kind: 'help',
        title: `${metric.name} (${metric.id})`,
        figures: [],
        notes: [],
        text: `${metric.description}\nFormula: ${metric.formula}\n${metric.better === 'none' ? '' : `Better when ${metric.better}. `}Aliases: ${metric.aliases.join(', ') || '–'}\nUsage: /botwatch ${metric.id} [bot] [window] [by:day|channel|…]`,
      };
    }
  }
  return {
    kind: 'help',
    title: 'botwatch — how your bots are doing',
    figures: [],
    notes: [`${metricCatalog.length} metrics: /botwatch metrics lists them.`, 'You can also ask in plain words, e.g. “handoff rate for support-bot last week by channel” or “how is support-bot doing”; the reply shows the short form it ran.'],
    text: generalUsage,
  };
}

/** `/botwatch metrics`: the catalog. */
export function runMetricsList(): Reply {
  return {
    kind: 'info',
    title: 'Metrics',
    figures: [],
    notes: ['Ask for one with /botwatch <metric> [bot] [window]; names and aliases both work.'],
    table: {
      columns: [
        { key: 'id', label: 'Metric' },
        { key: 'name', label: 'Name' },
        { key: 'formula', label: 'Formula' },
        { key: 'aliases', label: 'Also' },
      ],
      rows: metricCatalog.map((m) => ({ id: m.id, name: m.name, formula: m.formula, aliases: m.aliases.join(', ') })),
    },
  };
}
