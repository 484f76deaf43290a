import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const lockFile = path.join(dir, 'botwatch.lock');

describe('the embedded data folder lock', () => {
  it('lets one process hold the folder and tells a second who holds it', () => {
    const { release } = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`the embedded database in ${dir} is in use by another botwatch (process ${process.pid}); stop it first (if no botwatch is running, delete ${lockFile})`);
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(lockFile, `${gone}\n`);
    const { release } = lockDataDir(dir);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    release();
  });

  it('releases only its own lock', () => {
    const { release } = lockDataDir(dir);
    fs.writeFileSync(lockFile, '1\n'); // someone else's now
    release();
    expect(fs.readFileSync(lockFile, 'utf8')).toBe('1\n');
    fs.rmSync(lockFile);
  });
});
