import { describe, expect, it } from 'vitest';
import { chartSigningKey, signChartPath } from '../../src/charts/chart-links.ts';
import { storeChartImage } from '../../src/charts/chart-store.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

// The smallest valid PNG (1×1, transparent).
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const its = testDatabaseAndServer();

describe(`signed chart links (${testEngine})`, () => {
  it('serve the stored PNG for a valid link and refuse tampered or expired ones with 403', async () => {
    const key = await chartSigningKey(its.t.db, undefined);
    expect(await chartSigningKey(its.t.db, undefined)).toBe(key); // every replica gets the same key
    const { id, expiresAt } = await storeChartImage(its.t.db, png, 'a dot');
    const path = signChartPath(id, expiresAt, key);
    const ok = await fetch(`${its.server.url}${path}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(png);

    const tampered = path.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    expect((await fetch(`${its.server.url}${tampered}`)).status).toBe(403);
    const extended = path.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 1000}`);
    expect((await fetch(`${its.server.url}${extended}`)).status).toBe(403);
    const expired = signChartPath(id, new Date(Date.now() - 1000), key);
    const res = await fetch(`${its.server.url}${expired}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'this chart link has expired' });
    expect((await fetch(`${its.server.url}/charts/${id}.png`)).status).toBe(403);
    expect((await fetch(`${its.server.url}${signChartPath('nope', expiresAt, key)}`)).status).toBe(404);
  });
});
