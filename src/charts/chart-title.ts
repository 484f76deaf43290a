import { chartLayout } from './chart-theme.ts';
import { wrapToWidth } from './measure-text.ts';

/**
 * The chart's title and subtitle, wrapped to the card's width (two lines at most, then an
 * ellipsis). vega would otherwise widen the picture for a long title and squeeze the plot.
 */
export function chartTitle(title: string, subtitle: string, width: number = chartLayout.width): { text: string[]; subtitle: string[] } {
  const room = width - 2 * chartLayout.padding;
  return {
    text: wrapToWidth(title, room, chartLayout.titleSize, true, 2),
    subtitle: wrapToWidth(subtitle, room, chartLayout.subtitleSize, false, 2),
  };
}

/** Extra height a wrapped title and subtitle take beyond one line each, for charts sized by content. */
export function extraTitleHeight(title: { text: string[]; subtitle: string[] }): number {
  const titleLines = Math.max(1, title.text.length);
  const subtitleLines = Math.max(1, title.subtitle.length);
  return (titleLines - 1) * (chartLayout.titleSize + 4) + (subtitleLines - 1) * (chartLayout.subtitleSize + 4);
}
