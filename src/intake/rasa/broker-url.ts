/** The broker's address without its user and password, for logs: `amqp://rabbitmq:5672/vhost`. */
export function describeBroker(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the configured AMQP URL';
  }
}

/**
 * An error's message with the URL's password (and the URL itself) taken out: connection errors
 * may quote what they were given, and these messages go to the log and `/readyz`.
 */
export function safeErrorMessage(error: unknown, url: string): string {
  let message = error instanceof Error ? error.message : String(error);
  const secrets = [url, ...passwordForms(url)].filter((s) => s.length > 0);
  for (const secret of secrets) message = message.split(secret).join(secret === url ? describeBroker(url) : '***');
  return message.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}

function passwordForms(url: string): string[] {
  try {
    const raw = new URL(url).password;
    return raw === '' ? [] : [raw, decodeURIComponent(raw)];
  } catch {
    return [];
  }
}
