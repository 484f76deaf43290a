import type { PGlite } from '@electric-sql/pglite';
import type { OwnActivity } from './own-activity.ts';

const terminate = 0x58; // 'X': the client is leaving
const sync = Uint8Array.of(0x53, 0, 0, 0, 4); // Sync: ends an unfinished extended-protocol exchange
const rollback = simpleQuery('ROLLBACK');

export interface ExchangeQueueOptions {
  /**
   * Longest a client may keep the database between two of its messages in the middle of an
   * exchange (an open transaction, an unfinished extended-protocol sequence). Past it the client
   * is disconnected and its transaction rolled back, so a stalled client cannot hold the server.
   */
  idleLimitMs: number;
  /** Told when a client overstayed (after its exchange was ended): close its connection. */
  onIdleLimit?: (handlerId: number) => void;
}

interface Waiter {
  handlerId: number;
  granted: () => void;
  refused: (error: Error) => void;
}

interface Holder {
  handlerId: number;
  release: () => void;
  idleTimer?: NodeJS.Timeout;
}

/**
 * The queue `PGLiteSocketHandler` hands each client message to. One client at a time holds
 * PGlite's transaction lock — the one its `query`, `exec` and `transaction` take — for a whole
 * exchange: from its first message to a ReadyForQuery that says "idle". The others wait in order.
 *
 * Whatever happens to a client, the lock comes back: a client that leaves while waiting is taken
 * out of the line (and is never handed the lock), one that leaves while holding it has its
 * exchange ended and rolled back, and one that stalls mid-exchange is cut off after
 * `idleLimitMs`. A client's messages run one after another in the order they arrived (the handler
 * may call `enqueue` again before the previous call has finished when data arrives in pieces).
 */
export class ExchangeQueue {
  private holder: Holder | undefined;
  private readonly waiters: Waiter[] = [];
  private granting = false;
  /** Per client, the promise of its last message: the next one runs after it. */
  private readonly chains = new Map<number, Promise<unknown>>();
  /** Clients that left while some of their messages were still queued. */
  private readonly departed = new Set<number>();

  constructor(
    private readonly db: PGlite,
    private readonly own: OwnActivity,
    private readonly options: ExchangeQueueOptions,
  ) {}

  /** Runs one client message in the client's turn, streaming the reply to `onData`; resolves to its size. */
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const previous = this.chains.get(handlerId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.handle(handlerId, message, onData));
    this.chains.set(handlerId, run);
    const settled = () => {
      if (this.chains.get(handlerId) !== run) return;
      this.chains.delete(handlerId);
      this.departed.delete(handlerId);
    };
    run.then(settled, settled);
    return run;
  }

  /** Clients waiting for their turn. */
  getQueueLength(): number {
    return this.waiters.length;
  }

  /** Which client holds the database now, if any. */
  holderId(): number | undefined {
    return this.holder?.handlerId;
  }

  /** A client went away: its waiting messages are dropped, and what it left open is ended (see below). */
  clearQueueForHandler(handlerId: number): void {
    if (this.chains.has(handlerId)) this.departed.add(handlerId);
    else this.departed.delete(handlerId);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter?.handlerId !== handlerId) continue;
      this.waiters.splice(i, 1);
      waiter.refused(new Error('the connection closed while waiting for the database'));
    }
  }

  /** A client went away: end the exchange it left open, roll back its transaction, hand the lock on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.clearQueueForHandler(handlerId);
    const holder = this.holder;
    if (holder?.handlerId === handlerId) await this.endExchange(holder);
  }

  private async handle(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.departed.has(handlerId)) throw new Error('the connection closed before its message ran');
    if (message[0] === terminate) {
      // Nothing to run (PGlite ignores it), and the client needs no turn to leave.
      const holder = this.holder;
      if (holder?.handlerId === handlerId) await this.endExchange(holder);
      return 0;
    }
    if (this.holder?.handlerId !== handlerId) await this.acquire(handlerId);
    const holder = this.holder;
    if (holder?.handlerId !== handlerId) throw new Error('the connection lost its turn (it stalled mid-exchange)');
    clearTimeout(holder.idleTimer);
    // PGlite 0.5 exits (taking the server's database with it) on COPY … FROM STDIN over the
    // protocol: such a client is disconnected instead, and PGlite stays intact.
    if (isCopyFromStdin(message)) throw new Error('COPY FROM STDIN is not supported on the embedded database socket');
    let bytes = 0;
    let tail: Uint8Array = new Uint8Array(0);
    await this.db.runExclusive(async () => {
      if (this.holder !== holder) return; // ended while this waited for PGlite (the client left)
      await this.db.execProtocolRawStream(message, {
        onRawData: (data) => {
          bytes += data.length;
          tail = lastBytes(tail, data, 6);
          onData(data);
        },
      });
    });
    if (this.holder !== holder) return bytes; // ended meanwhile (the client left)
    if (readyAndIdle(tail)) this.letGo(holder);
    else holder.idleTimer = setTimeout(() => this.cutOff(holder), this.options.idleLimitMs);
    return bytes;
  }

  private acquire(handlerId: number): Promise<void> {
    return new Promise<void>((granted, refused) => {
      this.waiters.push({ handlerId, granted, refused });
      void this.grant();
    });
  }

  /** Hands the lock to the first waiter once the server is quiet and PGlite's lock is taken. */
  private async grant(): Promise<void> {
    if (this.granting) return;
    this.granting = true;
    try {
      while (this.holder === undefined && this.waiters.length > 0) {
        await this.own.quiet();
        const release = await takeTransactionLock(this.db);
        // Chosen only now: a client that left while the lock was being taken is not handed it.
        const next = this.waiters.shift();
        if (next === undefined) {
          release();
          break;
        }
        this.holder = { handlerId: next.handlerId, release };
        next.granted();
      }
    } finally {
      this.granting = false;
    }
  }

  /** Ends `holder`'s exchange: whatever it left unfinished is synced and rolled back, then the lock passes on. */
  private async endExchange(holder: Holder): Promise<void> {
    clearTimeout(holder.idleTimer);
    const discard = { onRawData: () => undefined }; // its reply is nobody's: the client is gone
    try {
      await this.db.runExclusive(async () => {
        if (this.holder !== holder) return;
        await this.db.execProtocolRawStream(sync, discard);
        if (this.db.isInTransaction()) await this.db.execProtocolRawStream(rollback, discard);
      });
    } finally {
      this.letGo(holder);
    }
  }

  private cutOff(holder: Holder): void {
    if (this.holder !== holder) return;
    this.departed.add(holder.handlerId);
    void this.endExchange(holder).finally(() => this.options.onIdleLimit?.(holder.handlerId));
  }

  private letGo(holder: Holder): void {
    clearTimeout(holder.idleTimer);
    if (this.holder !== holder) return;
    this.holder = undefined;
    holder.release();
    void this.grant();
  }
}

/** Takes PGlite's transaction lock and resolves to the function that gives it back. */
function takeTransactionLock(db: PGlite): Promise<() => void> {
  return new Promise((held) => {
    void db._runExclusiveTransaction(() => new Promise<void>((release) => held(release)));
  });
}

function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`);
  const bytes = Buffer.alloc(5 + body.length);
  bytes.write('Q');
  bytes.writeInt32BE(4 + body.length, 1);
  body.copy(bytes, 5);
  return new Uint8Array(bytes);
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
