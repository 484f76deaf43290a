import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors.ts';

/**
 * Claims the embedded database's data folder for this process, so that a second botwatch (say
 * `botwatch demo --reset` or `import` while `serve` runs) stops with a clear message instead of
 * writing to the same files: PGlite keeps the database in process memory and takes no lock of
 * its own, and two processes on one folder corrupt it. The claim is a file holding the owner's
 * process id; one left by a process that is gone (a crash) is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'botwatch.lock');
  const own = `${process.pid}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockFile, own, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = Number.parseInt(readOrEmpty(lockFile), 10);
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new DomainError(
          'database_in_use',
          `the embedded database in ${dataDir} is in use by another botwatch (process ${owner}); stop it first (if no botwatch is running, delete ${lockFile})`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // its owner is gone
    }
  }
  return () => {
    if (readOrEmpty(lockFile) === own) fs.rmSync(lockFile, { force: true });
  };
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
