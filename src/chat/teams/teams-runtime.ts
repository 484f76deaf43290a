import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { BotwatchServices } from '../../app/services.ts';
import type { Deliverer } from '../deliver.ts';
import { countConnectorCalls } from './count-connector-calls.ts';
import type { RetryPolicy } from './delivery-retry.ts';
import { createTurnHandler } from './handle-turn.ts';
import type { InboundActivity } from './inbound-activity.ts';
import { createTeamsDeliverer } from './teams-deliverer.ts';

/** The Bot Framework registration and what tests substitute. */
export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType?: string;
  adminAadIds: readonly string[];
  /** Where botbuilder fetches the keys that sign Teams' tokens (default: Bot Framework's). Tests point it at a stand-in. */
  openIdMetadataUrl?: string;
  retry?: RetryPolicy;
}

/** The botbuilder side of the Teams module: everything that imports the SDK starts here. */
export interface TeamsRuntime {
  /** Authenticates an activity and runs botwatch's turn for it; an invoke's response, if any. */
  process(authorization: string, activity: InboundActivity): Promise<InvokeResponse | undefined>;
  deliverer: Deliverer;
}

/**
 * CloudAdapter's `process(req, res)` expects an Express-like request and answers a token that
 * fails verification with 500 (jsonwebtoken's errors are not its AuthenticationError), writing to
 * console.error. botwatch's route does the HTTP part itself and calls the adapter's own turn
 * processing (authentication, connector, turn) through this subclass.
 */
class BotwatchCloudAdapter extends CloudAdapter {
  runTurn(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * Bot Framework's public-cloud endpoints with the signing keys fetched from elsewhere. botbuilder
 * takes such settings only all together (one given means every one is), and does not export its
 * AuthenticationConstants, hence the values here.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** Builds the adapter (ConfigurationBotFrameworkAuthentication from the Microsoft* settings), the turn handler and the deliverer. */
export function createTeamsRuntime(services: BotwatchServices, settings: TeamsSettings): TeamsRuntime {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    MicrosoftAppTenantId: settings.tenantId,
    MicrosoftAppType: settings.appType,
    ...(settings.openIdMetadataUrl ? publicCloudWithKeysFrom(settings.openIdMetadataUrl) : {}),
  });
  const adapter = new BotwatchCloudAdapter(authentication);
  adapter.use(countConnectorCalls(services.metrics));
  const handleTurn = createTurnHandler({ services, adminAadIds: settings.adminAadIds });
  return {
    // The activity passed the edge's schema; botbuilder gets it whole, as a body parser would give it.
    process: (authorization, activity) => adapter.runTurn(authorization, activity as unknown as Activity, (context) => handleTurn(context, activity)),
    deliverer: createTeamsDeliverer({ adapter, appId: settings.appId ?? '', services, ...(settings.retry ? { retry: settings.retry } : {}) }),
  };
}
