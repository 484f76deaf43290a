import { ConfigError } from '../config.ts';
import { DomainError } from '../errors.ts';
import { askCommand } from './ask-command.ts';
import { botsCommand } from './bots-command.ts';
import { createCliContext } from './context.ts';
import { demoCommand } from './demo-command.ts';
import type { CliContext } from './context.ts';
import { genCommand } from './gen-command.ts';
import { importCommand } from './import-command.ts';
import { keysCommand } from './keys-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { serveCommand } from './serve-command.ts';
import { usage } from './usage.ts';

type Command = (args: string[], ctx: CliContext) => Promise<number>;

const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  import: importCommand,
  keys: keysCommand,
  gen: genCommand,
  ask: askCommand,
  bots: botsCommand,
  demo: demoCommand,
};

/** Runs the `botwatch` command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`botwatch: unknown command "${name}"\n\n${usage}`);
    return 1;
  }
  let ctx: CliContext | undefined;
  try {
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
