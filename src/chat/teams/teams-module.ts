import type { BotwatchModule } from '../../app/module.ts';
import type { BotwatchServices } from '../../app/services.ts';
import { ConfigError } from '../../config.ts';
import type { Deliverer } from '../deliver.ts';
import type { RetryPolicy } from './delivery-retry.ts';
import { isLoopbackHost } from './loopback.ts';
import { messagesRoute } from './messages-route.ts';
import type { TeamsRuntime, TeamsSettings } from './teams-runtime.ts';

/** What tests substitute (production takes everything from the configuration). */
export interface TeamsModuleOptions {
  /** OpenID metadata of the keys that sign Teams' tokens (default: Bot Framework's). */
  openIdMetadataUrl?: string;
  retry?: RetryPolicy;
}

/**
 * Microsoft Teams: the bot's messaging endpoint `POST /api/messages` (commands typed to the bot,
 * card buttons, installation events) and the `teams` deliverer for digests and alerts.
 *
 * With a MicrosoftAppId every request needs a valid Bot Framework token. Without one botwatch can
 * still be tried locally with the Bot Framework Emulator, but only when it listens on a loopback
 * address (HOST=127.0.0.1, the default then) and only for a Bot Connector on this machine; it says
 * so loudly at start. Listening on a public interface without an app id, Teams stays off.
 *
 * botbuilder (~0.4 s to load) is imported on first use, or at start when a registration is
 * configured (so a bad one shows at once); `botwatch ask` and other commands never load it.
 */
export function createTeamsModule(services: BotwatchServices, options: TeamsModuleOptions = {}): BotwatchModule | undefined {
  const { teams, host } = services.config;
  const logger = services.logger.child({ module: 'teams' });
  const authenticated = teams.appId !== undefined;
  if (authenticated) requireHttpsPublicBaseUrl(services.config.publicBaseUrl, host, services.config.port);
  if (!authenticated) {
    if (!isLoopbackHost(host)) {
      logger.warn(`Teams is off: no MicrosoftAppId is set and HOST ${host} is reachable from other machines. Set MicrosoftAppId and MicrosoftAppPassword to use Teams, or HOST=127.0.0.1 to try it with the Bot Framework Emulator.`);
      return undefined;
    }
    logger.warn('TEAMS AUTHENTICATION IS OFF (no MicrosoftAppId): /api/messages accepts activities without a Bot Framework token, from this machine only. For local use with the Bot Framework Emulator; set MicrosoftAppId and MicrosoftAppPassword for Teams.');
  }
  const settings: TeamsSettings = {
    ...(teams.appId ? { appId: teams.appId } : {}),
    ...(teams.appPassword ? { appPassword: teams.appPassword } : {}),
    ...(teams.tenantId ? { tenantId: teams.tenantId } : {}),
    ...(teams.appType ? { appType: teams.appType } : {}),
    adminAadIds: teams.adminAadIds,
    ...options,
  };
  let runtime: Promise<TeamsRuntime> | undefined;
  const loadRuntime = () => (runtime ??= import('./teams-runtime.ts').then((m) => m.createTeamsRuntime(services, settings)));
  const deliverer: Deliverer = {
    platform: 'teams',
    deliver: async (destination, reply, delivery) => (await loadRuntime()).deliverer.deliver(destination, reply, delivery),
  };
  return {
    name: 'teams',
    routes: [messagesRoute({ runtime: loadRuntime, logger, authenticated })],
    deliverer,
    async start() {
      if (authenticated) await loadRuntime();
    },
  };
}

/**
 * Teams loads chart images by URL from botwatch's public address, over https only: without
 * PUBLIC_BASE_URL the links would point at the listening address (0.0.0.0…), which no Teams
 * client can load. A Teams registration without it is refused at start.
 */
function requireHttpsPublicBaseUrl(publicBaseUrl: string | undefined, host: string, port: number): void {
  const expected = "expected the https:// address Teams reaches botwatch at, e.g. https://botwatch.example.com (chart images in Teams cards link to it)";
  if (publicBaseUrl === undefined) throw new ConfigError(`PUBLIC_BASE_URL: ${expected}; it is not set, so they would point at http://${host}:${port}`);
  if (new URL(publicBaseUrl).protocol !== 'https:') throw new ConfigError(`PUBLIC_BASE_URL: ${expected}; got ${JSON.stringify(publicBaseUrl)} (Teams loads images over https only)`);
}
