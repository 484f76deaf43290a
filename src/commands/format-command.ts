import { findMetric } from '../metrics/catalog.ts';
import type { Command, CompareSide, Scope } from './command.ts';

/**
 * The word a metric is written with in canonical commands: its id when that is one plain word
 * (`csat`, `users`), else its first alias (`handoff`, `dropoff`), so the short form is what
 * people see and learn.
 */
export function canonicalMetricWord(id: string): string {
  const metric = findMetric(id);
  if (metric === undefined || !id.includes('_')) return id;
  return metric.aliases[0] ?? id;
}

function scopeWords(scope: Scope, by?: string, own: string[] = []): string[] {
  return [
    ...scope.bots,
    ...(scope.window ? [scope.window] : []),
    ...(by ? [`by:${by}`] : []),
    ...own,
    ...scope.versions.map((v) => `version:${v}`),
    ...scope.channels.map((c) => `channel:${c}`),
    ...scope.intents.map((i) => `intent:${i}`),
    ...scope.flows.map((f) => `flow:${f}`),
    ...(scope.score !== undefined ? [`score:${scope.score}`] : []),
    ...(scope.timeZone ? [`tz:${scope.timeZone}`] : []),
  ];
}

const side = (s: CompareSide) => (s.version ? `${s.bot}@${s.version}` : s.bot);

/**
 * The canonical text of a command: the exact grammar's short form, which parses back to the same
 * command. Interpreted questions show it ("Showing: `handoff support-bot last-week by:channel`").
 */
export function formatCommand(command: Command): string {
  switch (command.name) {
    case 'help':
      return command.topic ? `help ${command.topic}` : 'help';
    case 'metrics':
    case 'bots':
      return command.name;
    case 'metric':
      return [canonicalMetricWord(command.metric), ...scopeWords(command.scope, command.by, command.band ? ['band:on'] : [])].join(' ');
    case 'compare':
      return ['compare', side(command.a), 'vs', side(command.b), ...scopeWords(command.scope)].join(' ');
    case 'conversation':
      return ['conversation', command.id, ...(command.bot ? [command.bot] : [])].join(' ');
    case 'list': {
      const own = [command.metric && `metric:${command.metric}`, command.outcome && `outcome:${command.outcome}`, command.step && `step:${command.step}`];
      return ['list', ...scopeWords(command.scope, undefined, own.filter((w): w is string => typeof w === 'string'))].join(' ');
    }
    case 'digest':
    case 'alert':
      return [command.name, command.action, ...command.args].join(' ');
    default:
      return [command.name, ...scopeWords(command.scope)].join(' ');
  }
}
