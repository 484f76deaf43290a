import { parseArgs } from 'node:util';
import { DomainError } from '../errors.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../keys/api-keys.ts';
import type { CliContext } from './context.ts';

/** `botwatch keys create|list|revoke`: ingest API keys. */
export async function keysCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { rate: { type: 'string' } } });
  const [action, name] = positionals;
  const db = await ctx.database();
  if (action === 'create' && name !== undefined) {
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1)) throw new DomainError('bad_rate', `--rate: expected a whole number of events per second ≥ 1, got ${JSON.stringify(values.rate)}`);
    const created = await createApiKey(db, name, rate === undefined ? {} : { ratePerSecond: rate });
    ctx.stdout.write(`${created.key}\n`);
    ctx.stderr.write(`key "${created.name}" created; it is shown only this once — store it now. Send it as "Authorization: Bearer <key>".\n`);
    return 0;
  }
  if (action === 'list') {
    const keys = await listApiKeys(db);
    if (keys.length === 0) ctx.stdout.write('no API keys yet; create one with `botwatch keys create <name>`\n');
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
      const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : 'never used';
      const rate = k.ratePerSecond ? `${k.ratePerSecond} events/s` : 'default rate';
      ctx.stdout.write(`${k.name}\t${k.prefix}…\t${state}\tcreated ${k.createdAt.toISOString()}\t${used}\t${rate}\n`);
    }
    return 0;
  }
  if (action === 'revoke' && name !== undefined) {
    if (!(await revokeApiKey(db, name))) throw new DomainError('no_such_key', `there is no active key named "${name}"`);
    ctx.stdout.write(`key "${name}" revoked\n`);
    return 0;
  }
  throw new DomainError('usage', 'usage: botwatch keys create <name> [--rate <events/s>] | keys list | keys revoke <name>');
}
