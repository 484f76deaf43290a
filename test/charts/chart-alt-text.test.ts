import { describe, expect, it } from 'vitest';
import { chartAltText } from '../../src/charts/chart-alt-text.ts';
import { renderChartPng } from '../../src/charts/render-chart-png.ts';
import { chartFixtures } from './chart-fixtures.ts';

describe('chart alt text', () => {
  const { timeseries, bars, funnel, outcomes, digest } = chartFixtures();

  it('says what a time series shows, its range in the team zone, the latest value, gaps and the threshold', () => {
    expect(chartAltText(timeseries)).toBe(
      'Line chart: Human hand-off rate (support-bot · last 7 days · Europe/Berlin). By day, Nov 17, 2026 to Nov 23, 2026. ' +
        'Hand-off rate: from 13.1 % to 17.1 %, latest 14.9 % (Nov 23, 2026); n/a for 1 day. ' +
        'Previous period (dashed): 11.9 % to 15.1 %. Threshold line: Alert above 20 % (20 %).',
    );
  });

  it('lists bars with their values, n/a included, and names the highest and lowest', () => {
    const text = chartAltText(bars);
    expect(text).toContain('Hand-off rate by channel, 4 channels: web 14.2 %; whatsapp 18.9 %; messenger 11 %; sms n/a.');
    expect(text).toContain('Highest whatsapp (18.9 %), lowest messenger (11 %).');
  });

  it('walks a funnel step by step with conversion, drop-off and the overall rate', () => {
    const text = chartAltText(funnel);
    expect(text).toContain('Flow qualify-and-book, 5 steps: welcome 1,000; qualify 750 (75 % of previous, 250 dropped off);');
    expect(text).toContain('26 % of the conversations that started reached schedule.');
    expect(text).toContain('Largest drop-off: 250 before qualify.');
  });

  it('gives outcomes per group as counts and shares', () => {
    expect(chartAltText(outcomes)).toContain(
      'Contained: 1,950 conversations (78.3 % of all): success 1,412 (72.4 %), mixed 233 (11.9 %), unsuccessful 305 (15.6 %).',
    );
  });

  it('reads each digest panel: value, change and whether it is good news, and the trend range', () => {
    const text = chartAltText(digest);
    expect(text).toContain('Hand-off rate 14.2 %, +1.8 pts vs previous period (worse); over the window 12 % to 14.2 %.');
    expect(text).toContain('Resolution rate 71.5 %, +2.1 pts vs previous period (better)');
    expect(text).toContain('CSAT n/a.');
  });

  it('says when there is nothing to show', () => {
    expect(chartAltText({ ...bars, bars: [] })).toBe(
      'Bar chart: Human hand-off rate by channel (support-bot · last 7 days · Europe/Berlin). No data in this window. ' +
        'No channel had any conversations in the selected window.',
    );
  });

  it('stays within Slack’s 2,000-character limit', () => {
    const many = { ...bars, bars: Array.from({ length: 500 }, (_v, i) => ({ label: `a-very-long-intent-name-number-${i}`, value: i })) };
    expect(chartAltText(many).length).toBeLessThanOrEqual(2_000);
  });

  it('comes back with the rendered picture', async () => {
    expect((await renderChartPng(funnel)).altText).toBe(chartAltText(funnel));
  });
});
