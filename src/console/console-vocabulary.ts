import { commandNames, filterKeys, groupings } from '../commands/parse-command.ts';
import type { Queryable } from '../db/database.ts';
import { listBots } from '../metrics/bot-info.ts';
import { metricCatalog } from '../metrics/catalog.ts';
import type { Vocabulary } from './feed-entry.ts';

/** The window words `parseWindow` knows that are worth offering (any `Nh`/`Nd`/`Nw` works too). */
const windows = ['24h', '7d', '30d', 'today', 'yesterday', 'this-week', 'last-week', 'this-month', 'last-month'];

/** Sub-commands of `digest` and `alert` (src/commands/usage.ts lists their arguments). */
const subcommands = {
  digest: ['add', 'list', 'remove', 'preview', 'send'],
  alert: ['add', 'list', 'remove', 'mute', 'unmute', 'history', 'test'],
};

/** What the console's command box completes: command words, metrics (catalog), bots that sent events. */
export async function consoleVocabulary(db: Queryable): Promise<Vocabulary> {
  return {
    commands: [...commandNames],
    subcommands,
    metrics: metricCatalog.map((m) => ({ id: m.id, name: m.name, aliases: m.aliases })),
    bots: (await listBots(db)).map((b) => b.botId),
    windows,
    groupings: [...groupings],
    filters: filterKeys.map((k) => `${k}:`),
  };
}
