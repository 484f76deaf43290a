/**
 * Platform channel ids whose contract name differs (the contract names `web`, `whatsapp`,
 * `messenger`, `sms`, `teams`), so one bot's traffic groups the same way whether it arrived
 * through the ingest API or an import. Any other channel id is kept as it is.
 */
const contractNames: Record<string, string> = {
  msteams: 'teams',
  webchat: 'web',
  socketio: 'web',
  facebook: 'messenger',
  twilio: 'sms',
};

/** The contract channel for a platform channel id, or undefined when there is none. */
export function channelName(platformChannel: unknown): string | undefined {
  if (typeof platformChannel !== 'string' || platformChannel.trim() === '') return undefined;
  const id = platformChannel.trim().toLowerCase();
  return contractNames[id] ?? id.slice(0, 64);
}
