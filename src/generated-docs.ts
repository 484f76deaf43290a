import { renderConfigurationDoc } from './config-doc.ts';
import { renderEventsDoc } from './events/events-doc.ts';
import { openApiDocument } from './http/openapi.ts';
import { renderMetricsDoc } from './metrics/metrics-doc.ts';

/** Every file under docs/ generated from the code, by path (`npm run docs` writes them; a test compares). */
export function generatedDocs(): Record<string, string> {
  return {
    'docs/events.md': renderEventsDoc(),
    'docs/openapi.json': `${JSON.stringify(openApiDocument(), null, 2)}\n`,
    'docs/configuration.md': renderConfigurationDoc(),
    'docs/metrics.md': renderMetricsDoc(),
  };
}
