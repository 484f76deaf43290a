import fs from 'node:fs';
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import type { PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import type { Logger } from '../log.ts';

/** The socket file's name: the one `pg` connects to when given the folder as its host (port 5432). */
export const socketFileName = '.s.PGSQL.5432';

export interface PgliteSocket {
  /** The unix socket's path. */
  path: string;
  close(): Promise<void>;
}

const sync = Uint8Array.of(0x53, 0, 0, 0, 4); // Sync: ends an unfinished extended-protocol exchange
const rollback = message('Q', 'ROLLBACK');

function message(type: string, text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`);
  const bytes = Buffer.alloc(5 + body.length);
  bytes.write(type);
  bytes.writeInt32BE(4 + body.length, 1);
  body.copy(bytes, 5);
  return new Uint8Array(bytes);
}

/**
 * Serves an open PGlite over the Postgres protocol on a unix socket, so that the command line can
 * use the database while `botwatch serve` holds it. PGlite is one backend that this process
 * drives as well: a client's exchange (from its first message to a ReadyForQuery that says
 * "idle", so a whole transaction or extended-protocol sequence) runs under PGlite's own
 * transaction lock, the one its `query`, `exec` and `transaction` take. Botwatch's own queries
 * therefore never land inside a client's transaction, nor a client's inside one of botwatch's,
 * and several clients take turns whole exchange by whole exchange.
 * `@electric-sql/pglite-socket` parses the protocol's framing; its own queue hands over at each
 * message, which is why this one replaces it.
 */
export async function servePgliteSocket(db: PGlite, socketPath: string, logger: Logger, own: OwnActivity): Promise<PgliteSocket> {
  fs.rmSync(socketPath, { force: true }); // left by a process that crashed: the data-dir lock says it is gone
  const queue = new ExchangeQueue(db, own);
  const handlers = new Set<PGLiteSocketHandler>();
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

/**
 * The serving process's own use of the database. Its statements go first: a client starts its next
 * exchange only once the server has left the database alone for a moment, so an import through the
 * socket waits for the console's questions rather than the other way round.
 */
export class OwnActivity {
  private running = 0;
  private lastDone = 0;

  /** Runs one of the server's own statements or transactions, counted. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.lastDone = performance.now();
    }
  }

  /** Resolves once nothing of the server's own has run for `quietMs`. */
  async quiet(quietMs = 20): Promise<void> {
    for (;;) {
      const wait = this.running > 0 ? quietMs : this.lastDone + quietMs - performance.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * What `PGLiteSocketHandler` calls on its queue. One client at a time holds PGlite's transaction
 * lock for a whole exchange; the others wait their turn in order.
 */
class ExchangeQueue {
  private holder: number | undefined;
  private release: (() => void) | undefined;
  private turn: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly db: PGlite,
    private readonly own: OwnActivity,
  ) {}

  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.holder !== handlerId) await this.acquire(handlerId);
    // PGlite 0.5 exits (taking the server's database with it) on COPY … FROM STDIN over the
    // protocol: such a client is disconnected instead, and PGlite stays intact.
    if (isCopyFromStdin(message)) throw new Error('COPY FROM STDIN is not supported on the embedded database socket');
    let bytes = 0;
    let tail: Uint8Array = new Uint8Array(0);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        onRawData: (data) => {
          bytes += data.length;
          tail = lastBytes(tail, data, 6);
          onData(data);
        },
      }),
    );
    if (readyAndIdle(tail)) this.letGo();
    return bytes;
  }

  getQueueLength(): number {
    return this.waiting;
  }

  clearQueueForHandler(): void {
    // Nothing is queued per message: a handler awaits each enqueue before sending the next.
  }

  /** A client went away: end what it left open and hand the lock on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return;
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRaw(sync);
      if (this.db.isInTransaction()) await this.db.execProtocolRaw(rollback);
    });
    this.letGo();
  }

  private async acquire(handlerId: number): Promise<void> {
    this.waiting++;
    const previous = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    await previous;
    await this.own.quiet();
    this.waiting--;
    await new Promise<void>((held) => {
      // PGlite's transaction lock: held until letGo(), so botwatch's own statements wait.
      void this.db._runExclusiveTransaction(
        () =>
          new Promise<void>((release) => {
            this.holder = handlerId;
            this.release = () => {
              release();
              done();
            };
            held();
          }),
      );
    });
  }

  private letGo(): void {
    const release = this.release;
    this.holder = undefined;
    this.release = undefined;
    release?.();
  }
}

/** A simple Query ('Q') or Parse ('P') message whose SQL copies from the client. */
function isCopyFromStdin(message: Uint8Array): boolean {
  if (message[0] !== 0x51 && message[0] !== 0x50) return false;
  return /\bcopy\b[\s\S]*\bfrom\s+stdin\b/i.test(Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('utf8', 5));
}

function lastBytes(tail: Uint8Array, data: Uint8Array, n: number): Uint8Array {
  if (data.length >= n) return data.slice(data.length - n);
  const joined = new Uint8Array(tail.length + data.length);
  joined.set(tail);
  joined.set(data, tail.length);
  return joined.slice(Math.max(0, joined.length - n));
}

/** The reply ends with ReadyForQuery ('Z', length 5) and status 'I': no transaction is open. */
function readyAndIdle(tail: Uint8Array): boolean {
  return tail.length === 6 && tail[0] === 0x5a && tail[1] === 0 && tail[2] === 0 && tail[3] === 0 && tail[4] === 5 && tail[5] === 0x49;
}
