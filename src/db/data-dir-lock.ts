import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors.ts';

/** The process holding an embedded data folder, and the socket it shares the database on, if any. */
export interface DataDirOwner {
  pid: number;
  /** Unix socket the owner (a running `botwatch serve`) answers the Postgres protocol on. */
  socket?: string;
}

/** A claim on the data folder: release it, or tell others where to reach the database. */
export interface DataDirLock {
  release: () => void;
  /** Records the socket this process serves the database on, for the command line to find. */
  recordSocket: (socketPath: string) => void;
}

/**
 * Claims the embedded database's data folder for this process, so that a second botwatch opening
 * the same files stops with a clear message instead of writing to them: PGlite keeps the database
 * in process memory and takes no lock of its own, and two processes on one folder corrupt it. The
 * claim is a file holding the owner's process id (and, for `botwatch serve`, the socket it shares
 * the database on); one left by a process that is gone (a crash) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockFile = path.join(dataDir, 'botwatch.lock');
  const own = `${process.pid}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockFile, own, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = readDataDirOwner(dataDir);
      if (owner !== undefined) {
        throw new DomainError(
          'database_in_use',
          `the embedded database in ${dataDir} is in use by another botwatch (process ${owner.pid}); stop it first (if no botwatch is running, delete ${lockFile})`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // its owner is gone
    }
  }
  const ours = () => readOrEmpty(lockFile).split('\n')[0] === String(process.pid);
  return {
    release() {
      if (ours()) fs.rmSync(lockFile, { force: true });
    },
    recordSocket(socketPath) {
      if (ours()) fs.writeFileSync(lockFile, `${own}${socketPath}\n`);
    },
  };
}

/** The running process that holds `dataDir`, or undefined when none does. */
export function readDataDirOwner(dataDir: string): DataDirOwner | undefined {
  const [pidLine, socket] = readOrEmpty(path.join(dataDir, 'botwatch.lock')).split('\n');
  const pid = Number.parseInt(pidLine ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
  return socket ? { pid, socket } : { pid };
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // removed meanwhile: nobody holds it
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
