import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { listBots, setBotCosts } from '../metrics/bot-info.ts';
import type { CliContext } from './context.ts';

const usage = 'usage: botwatch bots list | bots cost <bot> --bot-cost <amount> --human-cost <amount> [--currency EUR]';

/** `botwatch bots list|cost`: the monitored bots, and their costs for cost per conversation. */
export async function botsCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'bot-cost': { type: 'string' }, 'human-cost': { type: 'string' }, currency: { type: 'string', default: 'EUR' } },
  });
  const [action, bot] = positionals;
  const db = await ctx.database();
  if (action === 'list' || action === undefined) {
    const bots = await listBots(db);
    if (bots.length === 0) ctx.stdout.write('no bot has sent events yet\n');
    for (const b of bots) {
      const costs = b.costs ? `bot ${b.costs.botCost} + human ${b.costs.humanCost} ${b.costs.currency} per hand-off` : 'no costs set';
      ctx.stdout.write(`${b.botId}\tfirst ${b.firstEventAt.toISOString()}\tlast ${b.lastEventAt.toISOString()}\t${costs}\n`);
    }
    return 0;
  }
  if (action === 'cost' && bot !== undefined) {
    const amount = (flag: string, raw: string | undefined) => {
      const n = Number(raw);
      if (raw === undefined || !Number.isFinite(n) || n < 0) throw new DomainError('usage', `--${flag}: expected an amount ≥ 0, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}\n${usage}`);
      return n;
    };
    const currency = values.currency.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new DomainError('usage', `--currency: expected an ISO-4217 code such as EUR, got "${values.currency}"`);
    const costs = { botCost: amount('bot-cost', values['bot-cost']), humanCost: amount('human-cost', values['human-cost']), currency };
    if (!(await setBotCosts(db, bot, costs))) throw new DomainError('unknown_bot', `unknown bot "${bot}" (it has to have sent events first)`);
    ctx.stdout.write(`${bot}: ${costs.botCost} ${currency} per conversation, ${costs.humanCost} ${currency} per hand-off\n`);
    return 0;
  }
  throw new DomainError('usage', usage);
}
