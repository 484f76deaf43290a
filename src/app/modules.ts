import { createAlertsModule } from '../alerts/alerts-module.ts';
import { createSlackModule } from '../chat/slack/slack-module.ts';
import { createTeamsModule } from '../chat/teams/teams-module.ts';
import { consoleModule } from '../console/console-module.ts';
import { createDigestsModule } from '../digests/digests-module.ts';
import { createRasaModule } from '../intake/rasa/rasa-module.ts';
import type { ModuleFactory } from './module.ts';

/**
 * Every module `botwatch serve` may run, in start order (each returns undefined when not
 * configured): the chat platforms first, so digests and alerts find their deliverers running.
 */
export const moduleFactories: ModuleFactory[] = [
  createSlackModule,
  (services) => createTeamsModule(services),
  consoleModule,
  (services) => createDigestsModule(services),
  createAlertsModule,
  (services) => createRasaModule(services),
];
