import { createHmac } from 'node:crypto';

/**
 * Requests as Slack sends them to `/slack/events`: a slash command or a button press, form-encoded
 * and signed — `x-slack-signature: v0=` + HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`)
 * with `x-slack-request-timestamp` (seconds).
 */

export const testSigningSecret = 'stand-in-signing-secret';

/** The signature Slack puts on a request body at a timestamp (seconds). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandFields {
  text: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  command?: string;
  responseUrl: string;
}

/** The form body of a slash command, with the fields Slack sends. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'T0STANDIN',
    team_domain: 'stand-in',
    channel_id: fields.channelId ?? 'C0METRICS',
    channel_name: fields.channelName ?? 'bot-metrics',
    user_id: fields.userId ?? 'U0ANA',
    user_name: fields.userName ?? 'ana',
    command: fields.command ?? '/botwatch',
    text: fields.text,
    api_app_id: 'A0STANDIN',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

export interface ButtonPressFields {
  actionId: string;
  value: string;
  userId?: string;
  channelId?: string;
  messageTs: string;
  /** The thread the pressed message is in, when it is a reply in one. */
  threadTs?: string;
  /** The pressed message's blocks, as Slack includes them. */
  messageBlocks?: unknown[];
  responseUrl: string;
}

/** The `block_actions` payload of a button press (as JSON; Slack form-encodes it as `payload=`). */
export function buttonPressPayload(fields: ButtonPressFields): Record<string, unknown> {
  const channel = fields.channelId ?? 'C0ONCALL';
  return {
    type: 'block_actions',
    user: { id: fields.userId ?? 'U0ANA', username: 'ana', name: 'ana', team_id: 'T0STANDIN' },
    api_app_id: 'A0STANDIN',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: fields.messageTs, channel_id: channel, is_ephemeral: false, ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) },
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    team: { id: 'T0STANDIN', domain: 'stand-in' },
    channel: { id: channel, name: 'on-call' },
    message: { type: 'message', ts: fields.messageTs, text: '', blocks: fields.messageBlocks ?? [], ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) },
    response_url: fields.responseUrl,
    actions: [{ type: 'button', action_id: fields.actionId, block_id: 'b1', value: fields.value, text: { type: 'plain_text', text: 'button' }, action_ts: `${Date.now() / 1000}` }],
  };
}

/** The form body of a button press. */
export function buttonPressBody(fields: ButtonPressFields): string {
  return new URLSearchParams({ payload: JSON.stringify(buttonPressPayload(fields)) }).toString();
}

export interface SignedPostOptions {
  secret?: string;
  /** Seconds; defaults to now. */
  timestamp?: number;
  /** Replaces the computed signature (bad-signature tests). */
  signature?: string;
}

/** POSTs a form body to botwatch's `/slack/events`, signed like Slack signs it. */
export async function postSignedToSlackEvents(serverUrl: string, body: string, options: SignedPostOptions = {}): Promise<{ status: number; body: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? slackSignature(options.secret ?? testSigningSecret, timestamp, body);
  const response = await fetch(`${serverUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    body,
  });
  return { status: response.status, body: await response.text() };
}
