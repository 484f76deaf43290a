import { ConfigError } from '../config.ts';
import { DomainError } from '../errors.ts';
import { createCliContext } from './context.ts';
import type { CliContext } from './context.ts';
import { usage } from './usage.ts';

type Command = (args: string[], ctx: CliContext) => Promise<number>;

/**
 * Each command is loaded when it runs: `import` and `keys` need not load what `serve` does (the
 * chart renderer, Bolt, botbuilder), which keeps a long import's memory low.
 */
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command.ts')).serveCommand,
  migrate: async () => (await import('./migrate-command.ts')).migrateCommand,
  import: async () => (await import('./import-command.ts')).importCommand,
  keys: async () => (await import('./keys-command.ts')).keysCommand,
  gen: async () => (await import('./gen-command.ts')).genCommand,
  ask: async () => (await import('./ask-command.ts')).askCommand,
  bots: async () => (await import('./bots-command.ts')).botsCommand,
  demo: async () => (await import('./demo-command.ts')).demoCommand,
  retention: async () => (await import('./retention-command.ts')).retentionCommand,
  models: async () => (await import('./models-command.ts')).modelsCommand,
};

/** Runs the `botwatch` command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name === undefined ? 1 : 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (load === undefined) {
    process.stderr.write(`botwatch: unknown command "${name}"\n\n${usage}`);
    return 1;
  }
  let ctx: CliContext | undefined;
  try {
    const command = await load();
    ctx = createCliContext();
    return await command(args, ctx);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DomainError) {
      process.stderr.write(`botwatch: ${error.message}\n`);
    } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      process.stderr.write(`botwatch ${name}: ${error.message}\n`);
    } else {
      process.stderr.write(`botwatch: ${name} failed: ${(error as Error).message}\n`);
      ctx?.logger.debug('stack', { stack: (error as Error).stack });
    }
    return 1;
  } finally {
    await ctx?.close();
  }
}
