import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { listBots, setBotCosts, setBotTimeZone } from '../metrics/bot-info.ts';
import { canonicalTimeZone, isValidTimeZone } from '../time/time-zone.ts';
import type { CliContext } from './context.ts';

const usage = 'usage: botwatch bots list | bots cost <bot> --bot-cost <amount> --human-cost <amount> [--currency EUR] | bots tz <bot> <IANA zone|none>';

/** `botwatch bots list|cost|tz`: the monitored bots, their costs for cost per conversation, and their time zones. */
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
      ctx.stdout.write(`${b.botId}\tfirst ${b.firstEventAt.toISOString()}\tlast ${b.lastEventAt.toISOString()}\t${costs}\t${b.timeZone ?? 'no time zone set'}\n`);
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
  if (action === 'tz' && bot !== undefined) {
    const zone = positionals[2];
    if (zone === undefined) throw new DomainError('usage', `bots tz ${bot}: give an IANA time zone such as Europe/Berlin, or none to clear it\n${usage}`);
    const clear = zone.toLowerCase() === 'none';
    if (!clear && !isValidTimeZone(zone)) throw new DomainError('usage', `"${zone}" is not a time zone; give an IANA name such as Europe/Berlin or America/New_York (or none to clear it)`);
    const timeZone = clear ? null : canonicalTimeZone(zone);
    if (!(await setBotTimeZone(db, bot, timeZone))) throw new DomainError('unknown_bot', `unknown bot "${bot}" (it has to have sent events first)`);
    ctx.stdout.write(
      timeZone === null
        ? `${bot}: no time zone of its own; its usual week (anomaly rules without tz:, anomalies, digests, band:on) and silence alerts' active hours use BOTWATCH_TZ from now on\n`
        : `${bot}: ${timeZone}; its usual week (anomaly rules without tz:, anomalies, digests, band:on) and silence alerts' active hours use it from now on; a rule's tz: still wins\n`,
    );
    return 0;
  }
  throw new DomainError('usage', usage);
}
