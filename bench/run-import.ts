import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchPeakRss } from './peak-rss.ts';

const bin = fileURLToPath(new URL('../bin/botwatch.js', import.meta.url));

/** Runs `botwatch import <file> --bot <bot>` in a child process; reports its output, time and peak RSS. */
export async function runImport(file: string, botId: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number; peakRssKb: number | undefined }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, bin, 'import', file, '--bot', botId], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const rss = watchPeakRss(child.pid ?? -1);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  rss.stop();
  return { code, stdout, stderr, seconds: (performance.now() - started) / 1000, peakRssKb: rss.peakKb() };
}
