import { truncateToWidth } from './measure-text.ts';

/**
 * Category labels shortened to `maxWidth` pixels and kept distinct: two long names that shorten
 * to the same text would otherwise be drawn as one category.
 */
export function uniqueLabels(labels: string[], maxWidth: number, fontSize: number): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let candidate = truncateToWidth(label, maxWidth, fontSize);
    for (let n = 2; seen.has(candidate); n++) candidate = `${truncateToWidth(label, maxWidth - 30, fontSize)} (${n})`;
    seen.add(candidate);
    return candidate;
  });
}
