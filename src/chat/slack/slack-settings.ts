import { ConfigError } from '../../config.ts';
import type { Config } from '../../config.ts';

interface CommonSettings {
  botToken: string;
  apiUrl: string;
  adminUserIds: readonly string[];
}

/** HTTP mode: Slack posts to `/slack/events`, signed with the signing secret. Socket Mode: botwatch connects out with the app-level token. */
export type SlackSettings = (CommonSettings & { mode: 'http'; signingSecret: string }) | (CommonSettings & { mode: 'socket'; appToken: string });

/**
 * The Slack settings, or undefined when Slack is not configured at all. A half-configured app
 * stops botwatch with one line naming the variable (a swapped token is the usual mistake).
 */
export function slackSettings(config: Config): SlackSettings | undefined {
  const { signingSecret, botToken, appToken, apiUrl, adminUserIds } = config.slack;
  if (signingSecret === undefined && botToken === undefined && appToken === undefined) return undefined;
  if (botToken === undefined) throw new ConfigError('SLACK_BOT_TOKEN: expected the Slack app’s Bot User OAuth Token (xoxb-…) when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set, it is not set');
  if (!botToken.startsWith('xoxb-')) throw new ConfigError(`SLACK_BOT_TOKEN: expected a bot token starting with xoxb-, got one starting with ${JSON.stringify(botToken.slice(0, 5))}`);
  if (appToken !== undefined && !appToken.startsWith('xapp-')) throw new ConfigError(`SLACK_APP_TOKEN: expected an app-level token starting with xapp- (Socket Mode), got one starting with ${JSON.stringify(appToken.slice(0, 5))}`);
  const common = { botToken, apiUrl, adminUserIds };
  if (appToken !== undefined) return { ...common, mode: 'socket', appToken };
  if (signingSecret === undefined) throw new ConfigError('SLACK_SIGNING_SECRET: expected the Slack app’s signing secret (HTTP mode), or SLACK_APP_TOKEN for Socket Mode, it is not set');
  return { ...common, mode: 'http', signingSecret };
}
