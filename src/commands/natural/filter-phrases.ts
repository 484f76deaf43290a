import { isValidTimeZone } from '../../time/time-zone.ts';
import { fillerWords } from './fillers.ts';
import type { Phrase } from './piece.ts';

/** Channel names people say without `channel:` ("on whatsapp"); any other channel needs `channel:<name>`. */
export const channelWords = ['web', 'webchat', 'whatsapp', 'messenger', 'sms', 'teams', 'slack', 'telegram', 'voice', 'phone', 'email', 'instagram', 'line', 'viber', 'wechat', 'alexa', 'app', 'mobile'];
const channels = channelWords.join('|');
const versionLike = /^v?\d+(\.\d+)+([-+][0-9a-z.-]+)?$/;
const name = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** `europe/berlin` → `Europe/Berlin`. */
const canonicalZone = (zone: string) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
const stripV = (v: string) => v.replace(/^v(?=\d)/, '');

/**
 * Filters in words: `on whatsapp`, `web channel`, `version 3.3.0`, `v3.3.0`, `intent billing`,
 * `checkout flow`, `in Europe/Berlin`. A bare version number (`3.3.0`) is kept as a version: a
 * filter, or a side of a comparison.
 */
export const filterPhrases: Phrase[] = [
  { words: [channels], piece: ([c]) => ({ kind: 'filter', key: 'channel', value: c! }) },
  { words: ['channel', name], piece: ([, c]) => ({ kind: 'filter', key: 'channel', value: c! }) },
  { words: [channels, 'channel'], piece: ([c]) => ({ kind: 'filter', key: 'channel', value: c! }) },
  { words: ['version|release|build', versionLike], piece: (_, [, v]) => ({ kind: 'filter', key: 'version', value: stripV(v!) }) },
  { words: ['version|release|build', name], piece: (_, [, v]) => ({ kind: 'filter', key: 'version', value: v! }) },
  { words: [versionLike], piece: (_, [v]) => ({ kind: 'version', value: stripV(v!) }) },
  { words: ['intent|topic', name], piece: (_, [, i]) => ({ kind: 'filter', key: 'intent', value: i! }) },
  { words: [name, 'intent|topic'], piece: ([w], [i]) => (fillerWords.has(w!) ? undefined : { kind: 'filter', key: 'intent', value: i! }) },
  { words: ['flow', name], piece: (_, [, f]) => ({ kind: 'filter', key: 'flow', value: f! }) },
  { words: [name, 'flow'], piece: ([w], [f]) => (fillerWords.has(w!) ? undefined : { kind: 'filter', key: 'flow', value: f! }) },
  { words: [/^[a-z]+\/[a-z_/+-]+$/i], piece: ([z]) => (isValidTimeZone(z!) ? { kind: 'filter', key: 'tz', value: canonicalZone(z!) } : undefined) },
];
