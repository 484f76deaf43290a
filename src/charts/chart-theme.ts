import type { Config } from 'vega-lite';
import { CHART_FONT_FAMILY } from './chart-fonts.ts';

/**
 * One look for every chart. Charts are opaque near-white cards: Slack and Teams show images
 * unchanged on light and dark themes, and a transparent chart would put dark text on a dark
 * background. Colours are the Okabe–Ito palette, which stays distinguishable with the common
 * colour-vision deficiencies; text colours keep at least 4.5:1 contrast on the card.
 */
export const chartColors = {
  background: '#FFFFFF',
  /** Hairline around the card, so it has an edge on a white chat background. */
  cardBorder: '#D0D7DE',
  text: '#1F2328',
  mutedText: '#59636E',
  faintText: '#8C959F',
  grid: '#E6E9ED',
  axis: '#9AA3AD',
  /** Good news (Okabe–Ito blue) and bad news (vermilion): apart for every common colour-vision deficiency. */
  good: '#0072B2',
  bad: '#C0440A',
  neutral: '#59636E',
  threshold: '#C0440A',
  /** Conversations lost between funnel steps. */
  lost: '#F3C3A5',
  panelFill: '#F6F8FA',
  panelStroke: '#D8DEE4',
} as const;

/** Series colours, in order (Okabe–Ito; yellow left out: it disappears on white). */
export const seriesPalette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'] as const;

/** Lighter tints of seriesPalette, for the previous period's dashed lines. */
export const previousPalette = ['#8DB9D8', '#F0C97A', '#7FCDB6', '#E3B5CE', '#A9D8F3', '#EBAA7F'] as const;

/** Pixel sizes shared by the chart kinds (the PNG is twice this). */
export const chartLayout = {
  width: 800,
  padding: 20,
  titleSize: 18,
  subtitleSize: 13,
  labelSize: 12,
  axisTitleSize: 12,
  valueLabelSize: 12,
} as const;

/** The vega-lite `config` every chart starts from. */
export function chartConfig(): Config {
  return {
    font: CHART_FONT_FAMILY,
    background: chartColors.background,
    padding: chartLayout.padding,
    view: { stroke: null },
    title: {
      anchor: 'start',
      frame: 'bounds',
      fontSize: chartLayout.titleSize,
      fontWeight: 'bold',
      color: chartColors.text,
      subtitleFontSize: chartLayout.subtitleSize,
      subtitleColor: chartColors.mutedText,
      subtitlePadding: 6,
      offset: 18,
    },
    axis: {
      labelFontSize: chartLayout.labelSize,
      labelColor: chartColors.mutedText,
      titleFontSize: chartLayout.axisTitleSize,
      titleFontWeight: 'normal',
      titleColor: chartColors.mutedText,
      gridColor: chartColors.grid,
      domainColor: chartColors.axis,
      tickColor: chartColors.axis,
      labelAngle: 0,
      labelOverlap: true,
      // Labels are truncated beforehand with the real font's widths (measure-text.ts).
      labelLimit: 0,
    },
    legend: {
      orient: 'top',
      direction: 'horizontal',
      title: null,
      labelFontSize: chartLayout.labelSize,
      labelColor: chartColors.text,
      labelLimit: 0,
      symbolStrokeWidth: 2.5,
      columnPadding: 18,
      offset: 10,
    },
    range: { category: [...seriesPalette] },
    text: { color: chartColors.text, fontSize: chartLayout.valueLabelSize },
  };
}
