import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Config } from '../config.ts';

/**
 * Who may use the console, which has no user accounts and acts as an admin: on loopback, only
 * this machine; anywhere else, only with BOTWATCH_CONSOLE_TOKEN; or nobody.
 */
export type ConsoleAccess = { mode: 'loopback' } | { mode: 'token'; token: string } | { mode: 'off'; reason: string };

export const tokenCookie = 'botwatch_console';

/** Decides the console's access from the configuration. */
export function consoleAccess(config: Pick<Config, 'host' | 'console'>): ConsoleAccess {
  if (config.console.mode === 'off') return { mode: 'off', reason: 'The console is turned off (BOTWATCH_CONSOLE=off).' };
  if (config.console.token !== undefined) return { mode: 'token', token: config.console.token };
  if (isLoopbackHost(config.host)) return { mode: 'loopback' };
  return {
    mode: 'off',
    reason: `The console is off: botwatch listens on ${config.host}, beyond this machine, and the console has no user accounts. Set BOTWATCH_CONSOLE_TOKEN to use it there.`,
  };
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost names. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return net.isIPv6(bare) && new URL(`http://[${bare}]`).hostname === '[::1]';
}

export type AccessVerdict = { ok: true; setCookie?: string } | { ok: false; status: number; message: string };

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

/**
 * Checks one console request. Loopback: it must come from this machine, addressed to a loopback
 * name (a page elsewhere re-pointing its own host name at 127.0.0.1 — DNS rebinding — is refused),
 * and not through a proxy. Token: `Authorization: Bearer <token>`, the `botwatch_console` cookie,
 * or `?token=` once (which sets the cookie). Either way, a form or script on another site cannot
 * post here: posts must be JSON from the console's own origin.
 */
export function checkConsoleRequest(access: ConsoleAccess, req: IncomingMessage, url: URL): AccessVerdict {
  if (access.mode === 'off') return { ok: false, status: 403, message: access.reason };
  const crossSite = refuseCrossSitePost(req);
  if (crossSite) return crossSite;
  if (access.mode === 'loopback') {
    const hostName = hostHeaderName(req.headers.host);
    if (hostName === undefined || !isLoopbackHost(hostName)) {
      return { ok: false, status: 403, message: 'The console answers only requests addressed to this machine: open it at http://localhost (or set BOTWATCH_CONSOLE_TOKEN).' };
    }
    if (!isLoopbackHost(req.socket.remoteAddress ?? '') || forwardingHeaders.some((h) => req.headers[h] !== undefined)) {
      return { ok: false, status: 403, message: 'The console answers only direct requests from this machine; behind a proxy, set BOTWATCH_CONSOLE_TOKEN.' };
    }
    return { ok: true };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameSecret(fromQuery, access.token)) {
    return { ok: true, setCookie: `${tokenCookie}=${encodeURIComponent(access.token)}; Path=/; HttpOnly; SameSite=Strict` };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const presented = bearer ?? readCookie(req.headers.cookie, tokenCookie);
  if (presented !== undefined && sameSecret(presented, access.token)) return { ok: true };
  return {
    ok: false,
    status: 401,
    message: 'The console needs its token (BOTWATCH_CONSOLE_TOKEN): open /?token=<token> once (a cookie keeps it), or send Authorization: Bearer <token>.',
  };
}

function refuseCrossSitePost(req: IncomingMessage): AccessVerdict | undefined {
  if (req.method !== 'POST') return undefined;
  // Browsers may send JSON to another origin only after a CORS preflight, which botwatch never grants.
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return { ok: false, status: 415, message: 'The console takes JSON (Content-Type: application/json).' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    const host = req.headers.host;
    if (host === undefined || !URL.canParse(origin) || new URL(origin).host !== host) return { ok: false, status: 403, message: 'Cross-site requests to the console are refused.' };
  } else if (origin === 'null') {
    return { ok: false, status: 403, message: 'Cross-site requests to the console are refused.' };
  }
  return undefined;
}

function hostHeaderName(host: string | undefined): string | undefined {
  if (host === undefined || !URL.canParse(`http://${host}`)) return undefined;
  return new URL(`http://${host}`).hostname;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // a malformed cookie is no token
    }
  }
  return undefined;
}

/** Compares secrets in constant time (through their hashes, so lengths leak nothing either). */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
