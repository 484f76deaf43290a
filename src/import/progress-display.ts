import type { ImportCounts } from './import-records.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** One line of counts, as printed at the end of an import (skipped only when there were some). */
export function formatCounts(c: ImportCounts, seconds: number): string {
  const rate = seconds > 0 ? ` (${n(Math.round(c.read / seconds))} records/s)` : '';
  const skipped = c.skipped > 0 ? `, ${n(c.skipped)} skipped` : '';
  return `${n(c.read)} records read: ${n(c.accepted)} accepted, ${n(c.duplicate)} duplicate, ${n(c.rejected)} rejected${skipped} in ${seconds.toFixed(1)} s${rate}`;
}

/**
 * One line per reason records were skipped, most frequent first (`skipped 32: trace activity
 * "BotState" (not a metric)`), so nothing a reader could not map disappears without a word.
 */
export function formatSkipped(c: Pick<ImportCounts, 'skippedBy'>, maxLines = 20): string[] {
  const reasons = Object.entries(c.skippedBy).sort(([ra, a], [rb, b]) => b - a || (ra < rb ? -1 : 1));
  const lines = reasons.slice(0, maxLines).map(([reason, count]) => `skipped ${n(count)}: ${reason}`);
  const rest = reasons.slice(maxLines);
  if (rest.length > 0) lines.push(`skipped ${n(rest.reduce((s, [, count]) => s + count, 0))}: ${rest.length} other reasons`);
  return lines;
}

/** Adds one import's counts into a running total (directory imports). */
export function addCounts(total: ImportCounts, c: ImportCounts): void {
  total.read += c.read;
  total.accepted += c.accepted;
  total.duplicate += c.duplicate;
  total.rejected += c.rejected;
  total.skipped += c.skipped;
  for (const [reason, count] of Object.entries(c.skippedBy)) total.skippedBy[reason] = (total.skippedBy[reason] ?? 0) + count;
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
      stream.write(`\r${bar}${n(counts.read)} read · ${n(counts.accepted)} accepted · ${n(counts.duplicate)} dup · ${n(counts.rejected)} rejected${counts.skipped > 0 ? ` · ${n(counts.skipped)} skipped` : ''} · ${n(rate)}/s\x1b[K`);
    },
    /** Clears the bar so a message can be printed on a clean line. */
    clear() {
      if (enabled) stream.write('\r\x1b[K');
    },
    seconds: () => (performance.now() - started) / 1000,
  };
}
