import fs from 'node:fs';
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import type { PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import type { Logger } from '../log.ts';
import { ExchangeQueue } from './exchange-queue.ts';
import type { OwnActivity } from './own-activity.ts';

/** The socket file's name: the one `pg` connects to when given the folder as its host (port 5432). */
export const socketFileName = '.s.PGSQL.5432';

export interface PgliteSocket {
  /** The unix socket's path. */
  path: string;
  close(): Promise<void>;
}

/**
 * How long a command-line client may keep the database in the middle of an exchange without
 * sending its next message: under the server's own 15 s call timeout, so a stalled client is cut
 * off before the server's answers give up.
 */
const exchangeIdleLimitMs = 10_000;

/**
 * Serves an open PGlite over the Postgres protocol on a unix socket, so that the command line can
 * use the database while `botwatch serve` holds it. PGlite is one backend that this process
 * drives as well: a client's exchange (from its first message to a ReadyForQuery that says
 * "idle", so a whole transaction or extended-protocol sequence) runs under PGlite's own
 * transaction lock, the one its `query`, `exec` and `transaction` take. Botwatch's own queries
 * therefore never land inside a client's transaction, nor a client's inside one of botwatch's,
 * and several clients take turns whole exchange by whole exchange (see {@link ExchangeQueue}).
 * `@electric-sql/pglite-socket` parses the protocol's framing; its own queue hands over at each
 * message, which is why this one replaces it.
 */
export async function servePgliteSocket(db: PGlite, socketPath: string, logger: Logger, own: OwnActivity): Promise<PgliteSocket> {
  fs.rmSync(socketPath, { force: true }); // left by a process that crashed: the data-dir lock says it is gone
  const handlers = new Set<PGLiteSocketHandler>();
  const queue = new ExchangeQueue(db, own, {
    idleLimitMs: exchangeIdleLimitMs,
    onIdleLimit(handlerId) {
      logger.warn('a command-line client kept the embedded database mid-transaction without a word: disconnected, its transaction rolled back', { idleLimitMs: exchangeIdleLimitMs });
      for (const handler of handlers) if (handler.handlerId === handlerId) void handler.detach(true);
    },
  });
  const server = net.createServer((socket) => {
    // The handler needs only enqueue and the two clean-up calls of its queue (see ExchangeQueue).
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'], closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', (event) => {
      forget();
      const error = (event as CustomEvent<Error>).detail;
      if (!/ECONNRESET|EPIPE/.test(error.message)) logger.warn('a command-line connection to the embedded database failed', { error });
    });
    void handler.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600); // only this user's processes may connect
  server.on('error', (error) => logger.warn('the embedded database socket failed', { error }));
  return {
    path: socketPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((h) => h.detach(true)));
      await closed;
      fs.rmSync(socketPath, { force: true });
    },
  };
}
