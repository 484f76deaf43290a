const hourMs = 3_600_000;
// Traffic by local hour of day (business hours in Central Europe, UTC+1).
const localHourWeight = [0.15, 0.1, 0.08, 0.07, 0.08, 0.15, 0.3, 0.6, 0.9, 1, 1, 0.95, 0.9, 0.95, 1, 1, 0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25];

/**
 * Relative traffic in the hour starting at `hourStart` (UTC ms): a daily rhythm, quieter weekends
 * and a slight upward trend over the generated period (`progress` 0 → 1).
 */
export function hourWeight(hourStart: number, progress: number): number {
  const local = new Date(hourStart + hourMs);
  const weekday = local.getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.6 : 1;
  return (localHourWeight[local.getUTCHours()] ?? 0.5) * weekend * (0.95 + 0.1 * progress);
}
