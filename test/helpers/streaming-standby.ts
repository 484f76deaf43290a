import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A PostgreSQL primary and its streaming standby, both on this machine, made for one test run.
 *
 * The primary is a fresh cluster of its own rather than the machine's server: `pg_basebackup`
 * copies a whole cluster, and the machine's holds every benchmark's data, and its pg_hba.conf
 * allows no replication connections, which a test must not change. Both clusters run as the
 * `postgres` OS user when the tests run as root (pg_ctl refuses root), on free ports, with their
 * sockets and data in one temporary folder that {@link StreamingStandby.stop} removes.
 */
export interface StreamingStandby {
  /** The writable primary (`postgres://postgres@127.0.0.1:<port>/postgres`). */
  primaryUrl: string;
  /** The hot standby streaming from it: read-only, in recovery. */
  standbyUrl: string;
  /** Resolves once the standby has replayed everything the primary had written when called. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Stops applying WAL on the standby (it keeps receiving): its data stays as it is now. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the standby alone (a replica outage); {@link stop} still removes everything. */
  stopStandby(): Promise<void>;
  /** Stops both clusters and removes their folder. */
  stop(): Promise<void>;
}

/** The folder of the newest installed PostgreSQL's server programs, or undefined when there is none. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const needed = ['initdb', 'pg_ctl', 'pg_basebackup'];
  return versions.map((v) => path.join(root, v, 'bin')).find((bin) => needed.every((p) => fs.existsSync(path.join(bin, p))));
}

/** Why a standby cannot be made here, or undefined when it can. */
export function standbyUnavailableReason(): string | undefined {
  if (postgresBinDir() === undefined) return 'no PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql';
  if (process.getuid?.() === 0 && !userExists('postgres')) return 'running as root and there is no postgres OS user to run the clusters as';
  return undefined;
}

/** Creates the primary and its standby (a few seconds) and waits until the standby streams. */
export async function startStreamingStandby(): Promise<StreamingStandby> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error(standbyUnavailableReason());
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-standby-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const pgProgram = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]) : run(path.join(bin, program), args);
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  // Small clusters on a shared machine; no fsync: the data lives for one test run.
  const serverOptions = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c shared_buffers=16MB -c max_connections=40 -c fsync=off`;
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.reverse()) await pgProgram('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // initdb's pg_hba.conf with --auth=trust allows replication connections from 127.0.0.1.
    await pgProgram('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await pgProgram('pg_ctl', ['-D', primaryDir, '-l', path.join(dir, 'primary.log'), '-o', `${serverOptions(primaryPort)} -c wal_level=replica -c max_wal_senders=4`, '-w', 'start']);
    started.push(primaryDir);
    // -R writes primary_conninfo and standby.signal: the copy starts as a standby of the primary.
    await pgProgram('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    await pgProgram('pg_ctl', ['-D', standbyDir, '-l', path.join(dir, 'standby.log'), '-o', `${serverOptions(standbyPort)} -c hot_standby=on`, '-w', 'start']);
    started.push(standbyDir);
  } catch (error) {
    await stop();
    throw new Error(`could not start a PostgreSQL primary and standby in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/postgres`;
  const onStandby = (sql: string, params: unknown[] = []) => oneQuery(standbyUrl, sql, params);
  const standby: StreamingStandby = {
    primaryUrl,
    standbyUrl,
    async waitForReplay(timeoutMs = 30_000) {
      const [{ lsn }] = (await oneQuery(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')) as [{ lsn: string }];
      await until(timeoutMs, `the standby to replay up to ${lsn}`, async () => {
        const [row] = await onStandby('SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS done', [lsn]);
        return row?.done === true;
      });
    },
    async pauseReplay() {
      await onStandby('SELECT pg_wal_replay_pause()');
      await until(10_000, 'replay to pause', async () => (await onStandby(`SELECT pg_get_wal_replay_pause_state() = 'paused' AS paused`))[0]?.paused === true);
    },
    async resumeReplay() {
      await onStandby('SELECT pg_wal_replay_resume()');
    },
    async stopStandby() {
      await pgProgram('pg_ctl', ['-D', standbyDir, '-m', 'fast', '-w', 'stop']);
      started.splice(started.indexOf(standbyDir), 1);
    },
    stop,
  };
  try {
    const [row] = await onStandby('SELECT pg_is_in_recovery() AS standby');
    if (row?.standby !== true) throw new Error('the copy is not in recovery: it did not start as a standby');
    await until(30_000, 'the standby to stream from the primary', async () => (await oneQuery(primaryUrl, `SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'`))[0]?.n === 1);
  } catch (error) {
    await stop();
    throw error;
  }
  return standby;
}

async function oneQuery(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

async function until(timeoutMs: number, what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
