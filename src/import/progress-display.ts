import type { ImportCounts } from './import-records.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** One line of counts, as printed at the end of an import. */
export function formatCounts(c: ImportCounts, seconds: number): string {
  const rate = seconds > 0 ? ` (${n(Math.round(c.read / seconds))} records/s)` : '';
  return `${n(c.read)} records read: ${n(c.accepted)} accepted, ${n(c.duplicate)} duplicate, ${n(c.rejected)} rejected in ${seconds.toFixed(1)} s${rate}`;
}

/**
 * A progress bar redrawn in place on a TTY (percent when the size is known). On anything else it
 * draws nothing: logs and pipes get only the final line.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream, totalBytes: number | undefined) {
  const started = performance.now();
  let lastDraw = 0;
  const enabled = stream.isTTY;
  return {
    update(counts: ImportCounts, bytesRead: number, force = false) {
      if (!enabled) return;
      const now = performance.now();
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      const seconds = (now - started) / 1000;
      const width = 24;
      let bar = '';
      if (totalBytes !== undefined && totalBytes > 0) {
        const share = Math.min(1, bytesRead / totalBytes);
        const filled = Math.round(share * width);
        bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% `;
      }
      const rate = seconds > 0 ? Math.round(counts.read / seconds) : 0;
      stream.write(`\r${bar}${n(counts.read)} read · ${n(counts.accepted)} accepted · ${n(counts.duplicate)} dup · ${n(counts.rejected)} rejected · ${n(rate)}/s\x1b[K`);
    },
    /** Clears the bar so a message can be printed on a clean line. */
    clear() {
      if (enabled) stream.write('\r\x1b[K');
    },
    seconds: () => (performance.now() - started) / 1000,
  };
}
