import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { listModelPrices, removeModelPrice, setModelPrice, unpricedModels } from '../llm/model-prices.ts';
import type { ModelPrice } from '../llm/model-prices.ts';
import { repriceConversations } from '../llm/reprice.ts';
import type { CliContext } from './context.ts';

const usage = `usage: botwatch models list
       botwatch models price <model> --input <usd> --output <usd> [--cached-input <usd>] [--currency USD]
       botwatch models remove <model>
(prices in US dollars per million tokens)`;

/** `botwatch models list|price|remove`: the price table LLM cost is computed from (docs/llm-bots.md). */
export async function modelsCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { input: { type: 'string' }, output: { type: 'string' }, 'cached-input': { type: 'string' }, currency: { type: 'string', default: 'USD' } },
  });
  const [action, model] = positionals;
  if (action === 'list' || action === undefined) {
    const db = await ctx.database();
    const prices = await listModelPrices(db);
    ctx.stdout.write('model\tinput\tcached input\toutput\t(USD per million tokens)\tsource\n');
    for (const p of prices) ctx.stdout.write(`${describePrice(p)}\n`);
    const unpriced = await unpricedModels(db);
    for (const u of unpriced) ctx.stdout.write(`${u.model}\tno price: cost is n/a for its ${u.calls} call${u.calls === 1 ? '' : 's'}\n`);
    ctx.stdout.write('Prices must be checked by the operator against the providers’ price lists; set one with `botwatch models price`.\n');
    return 0;
  }
  if (action === 'price' && model !== undefined) {
    if (model.length > 256) throw new DomainError('usage', 'a model name has at most 256 characters');
    if (values.currency.toUpperCase() !== 'USD') {
      throw new DomainError('usage', `--currency: only USD is supported (token costs and costUsd on events are in US dollars), got "${values.currency}"`);
    }
    const wanted = {
      model,
      inputPerMTok: amount('input', values.input),
      outputPerMTok: amount('output', values.output),
      cachedInputPerMTok: values['cached-input'] === undefined ? null : amount('cached-input', values['cached-input']),
    };
    const db = await ctx.database();
    const price = await setModelPrice(db, wanted, new Date());
    const recomputed = await repriceConversations(db, model);
    ctx.stdout.write(`${describePrice(price)}\nrecomputed the cost of ${recomputed} conversation${recomputed === 1 ? '' : 's'} that called ${model}\n`);
    return 0;
  }
  if (action === 'remove' && model !== undefined) {
    const db = await ctx.database();
    if (!(await removeModelPrice(db, model))) throw new DomainError('unknown_model', `no price is set for "${model}" (see \`botwatch models list\`)`);
    const recomputed = await repriceConversations(db, model);
    ctx.stdout.write(`removed the price of ${model}; recomputed ${recomputed} conversation${recomputed === 1 ? '' : 's'}\n`);
    return 0;
  }
  throw new DomainError('usage', usage);
}

function amount(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new DomainError('usage', `--${flag}: expected US dollars per million tokens ≥ 0, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}\n${usage}`);
  }
  return n;
}

function describePrice(p: ModelPrice): string {
  const checked = p.source === 'operator' ? `set by the operator on ${p.checkedOn}` : `${p.source}, list price as of ${p.checkedOn}`;
  return `${p.model}\t${p.inputPerMTok}\t${p.cachedInputPerMTok ?? `(input price)`}\t${p.outputPerMTok}\t\t${checked}`;
}
