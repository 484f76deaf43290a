/** Usage lines per command (help text; docs/commands.md). */
export const commandUsage: Record<string, string> = {
  help: '/botwatch help [command]',
  metrics: '/botwatch metrics',
  bots: '/botwatch bots',
  summary: '/botwatch summary [bot] [window] [filters]',
  metric: '/botwatch <metric> [bot] [window] [by:hour|day|week|channel|version|intent|bot|model|provider] [band:on] [filters]  (by:model and by:provider: LLM metrics; band:on with by:hour: the usual range)',
  funnel: '/botwatch funnel [bot] [flow:<name>] [window]',
  outcomes: '/botwatch outcomes [bot] [window] [filters]',
  channels: '/botwatch channels [bot] [window]',
  intents: '/botwatch intents [bot] [window] [filters]  (alias: topics)',
  list: '/botwatch list [bot] [window] [metric:<id>] [outcome:handoff|dropped|unresolved|resolved|…] [step:<last step>] [filters]',
  conversation: '/botwatch conversation <id> [bot]',
  anomalies: '/botwatch anomalies [bot] [window]  (what is unusual for this time of the week; alias: unusual)',
  compare: '/botwatch compare <bot>[@version] vs <bot>[@version] [window]',
  digest: '/botwatch digest add daily 09:00 [tz:Europe/Berlin] [bot…] [metrics:handoff,csat] | digest add weekly mon 09:00 … | digest list [all] | digest preview [<id>] | digest send <id> | digest pause <id> | digest resume <id> | digest remove <id> | digest history <id>',
  alert: '/botwatch alert add <metric> above|below <threshold> [bot] [window:1h] [min:30] [for:5m] [recover:<value>] [renotify:4h|off] [notify:@group] [channel:…] [version:…] | alert add <metric> anomaly [bot] [direction:up|down|both] [sensitivity:low|medium|high] [window:1h] [for:…] [min:10] [tz:…] | alert add silence <bot> [for:30m] | alert list | alert remove <id> | alert mute <id> [1h] | alert unmute <id> | alert history [id] | alert test <id>',
};

export const windowHelp = 'Windows: 24h, 7d, 30d, today, yesterday, this-week, last-week, this-month, last-month, 2026-11-01..2026-11-15 (default 7d).';
export const filterHelp = 'Filters: version:<v>, channel:<c>, intent:<i>, flow:<f>, tz:<IANA zone>.';

export const generalUsage = [
  commandUsage.summary,
  commandUsage.metric,
  commandUsage.funnel,
  commandUsage.outcomes,
  commandUsage.channels,
  commandUsage.compare,
  commandUsage.intents,
  commandUsage.list,
  commandUsage.conversation,
  commandUsage.anomalies,
  '/botwatch bots | metrics | help',
  '/botwatch digest … | alert …  (see /botwatch help digest, /botwatch help alert)',
  windowHelp,
  filterHelp,
].join('\n');
