import fs from 'node:fs';

/**
 * Follows a child process's peak resident set size (Linux `VmHWM` in /proc/<pid>/status) until it
 * exits. `peakKb()` is undefined where /proc is not available.
 */
export function watchPeakRss(pid: number, everyMs = 50): { peakKb(): number | undefined; stop(): void } {
  let peak: number | undefined;
  const read = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match?.[1] !== undefined) peak = Math.max(peak ?? 0, Number(match[1]));
    } catch {
      // The process has exited (or there is no /proc): keep the last reading.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    peakKb: () => peak,
    stop: () => {
      read();
      clearInterval(timer);
    },
  };
}
