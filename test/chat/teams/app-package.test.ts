import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildAppPackage, fillManifest, teamsManifestDir } from '../../../src/chat/teams/app-package/build-app-package.ts';
import type { AppPackageSettings } from '../../../src/chat/teams/app-package/build-app-package.ts';
import { resolvePackageSettings } from '../../../src/chat/teams/app-package/package-settings.ts';
import { writeZip } from '../../../src/chat/teams/app-package/write-zip.ts';
import { parseCommand } from '../../../src/commands/parse-command.ts';
import { decodePng } from '../../helpers/decode-png.ts';

const botId = '0b7c6f1e-2d4a-4e8b-9c3f-5a6d7e8f9012';
const settings: AppPackageSettings = {
  botId,
  publicBaseUrl: 'https://botwatch.example.com',
  appVersion: '1.4.0',
  developerName: 'Example Ltd',
  websiteUrl: 'https://example.com',
  privacyUrl: 'https://example.com/privacy',
  termsUrl: 'https://example.com/terms',
};

/** Reads a ZIP through its central directory and inflates every entry, checking its CRC. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBe(zip.length - 22);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + size);
    const data = method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body);
    expect(zlib.crc32(data), name).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

describe('the zip writer', () => {
  it('writes entries that read back byte for byte, deflated when that is smaller, stored otherwise', () => {
    const text = Buffer.from('botwatch '.repeat(500));
    const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251));
    const zip = writeZip([
      { name: 'a.txt', data: text },
      { name: 'dir/ü.bin', data: random },
      { name: 'empty', data: Buffer.alloc(0) },
    ]);
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['a.txt', 'dir/ü.bin', 'empty']);
    expect(files.get('a.txt')).toEqual(text);
    expect(files.get('dir/ü.bin')).toEqual(random);
    expect(files.get('empty')).toEqual(Buffer.alloc(0));
    expect(zip.length).toBeLessThan(text.length);
    // The same files make the same archive.
    expect(writeZip([{ name: 'a.txt', data: text }])).toEqual(writeZip([{ name: 'a.txt', data: text }]));
  });

  it('makes archives that Info-ZIP accepts', () => {
    const unzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
    if (unzip.error) return; // unzip not installed: the reader above has checked the format
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-zip-'));
    try {
      const file = path.join(dir, 'package.zip');
      fs.writeFileSync(file, buildAppPackage(settings).zip);
      const tested = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(tested.status, tested.stdout + tested.stderr).toBe(0);
      expect(tested.stdout).toContain('No errors detected');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Teams app package', () => {
  const { zip, manifest } = buildAppPackage(settings);
  const files = readZip(zip);

  it('holds manifest.json and the two icons at its root', () => {
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(manifest);
  });

  it('fills in the bot id, the version, the developer and the domain chart images come from', () => {
    expect(manifest).toMatchObject({
      manifestVersion: '1.25',
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json',
      id: botId,
      version: '1.4.0',
      developer: { name: 'Example Ltd', websiteUrl: 'https://example.com', privacyUrl: 'https://example.com/privacy', termsOfUseUrl: 'https://example.com/terms' },
      icons: { color: 'color.png', outline: 'outline.png' },
      validDomains: ['botwatch.example.com'],
      bots: [{ botId, scopes: ['personal', 'team', 'groupChat'] }],
    });
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('lists at most ten commands, each a command word botwatch knows, within Teams\' lengths', () => {
    const [bot] = manifest.bots as { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
    const [list] = bot!.commandLists;
    expect(list?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(list!.commands.length).toBeLessThanOrEqual(10);
    for (const command of list!.commands) {
      expect(command.title.length, command.title).toBeLessThanOrEqual(32);
      expect(command.description.length, command.title).toBeLessThanOrEqual(128);
      // Chosen from the list, a title lands in the compose box to be completed (`compare` alone gets its usage).
      const parsed = parseCommand(command.title);
      expect('message' in parsed ? parsed.message : '', command.title).not.toMatch(/unknown command/);
    }
    const { name, description } = manifest as { name: { short: string; full: string }; description: { short: string; full: string } };
    expect(name.short.length).toBeLessThanOrEqual(30);
    expect(name.full.length).toBeLessThanOrEqual(100);
    expect(description.short.length).toBeLessThanOrEqual(80);
    expect(description.full.length).toBeLessThanOrEqual(4000);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon that is white on transparent', () => {
    const color = decodePng(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let drawn = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      if (outline.pixels[i + 3] === 0) continue;
      drawn++;
      expect([outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(32 * 32 - 100);
  });

  it('refuses a manifest placeholder it has no value for', () => {
    expect(() => fillManifest('{"id": "${{TEAMS_APP_ID}}"}', settings)).toThrow('manifest.json: no value for ${{TEAMS_APP_ID}}');
    expect(fs.existsSync(path.join(teamsManifestDir, 'icons', 'outline.svg'))).toBe(true);
  });
});

describe('package settings', () => {
  it('come from the environment botwatch runs with, pages defaulting to PUBLIC_BASE_URL', () => {
    expect(resolvePackageSettings({}, { MicrosoftAppId: botId, PUBLIC_BASE_URL: 'https://botwatch.example.com/' }, '0.1.0')).toEqual({
      settings: { botId, publicBaseUrl: 'https://botwatch.example.com', appVersion: '0.1.0', developerName: 'botwatch', websiteUrl: 'https://botwatch.example.com', privacyUrl: 'https://botwatch.example.com', termsUrl: 'https://botwatch.example.com' },
    });
    expect(resolvePackageSettings({ botId, publicUrl: 'https://bw.example.org', appVersion: '2.0.1', privacyUrl: 'https://example.org/p' }, {}, '0.1.0')).toMatchObject({ settings: { publicBaseUrl: 'https://bw.example.org', appVersion: '2.0.1', privacyUrl: 'https://example.org/p', termsUrl: 'https://bw.example.org' } });
  });

  it('say what is missing or wrong', () => {
    const problem = (options: Parameters<typeof resolvePackageSettings>[0], env: Record<string, string> = {}) => {
      const resolved = resolvePackageSettings(options, env, '0.1.0');
      return 'problem' in resolved ? resolved.problem : 'none';
    };
    expect(problem({}, { PUBLIC_BASE_URL: 'https://bw.example.com' })).toBe("MicrosoftAppId (or --bot-id): expected the Azure Bot's Microsoft App ID, it is not set");
    expect(problem({ botId: 'botwatch', publicUrl: 'https://bw.example.com' })).toBe("MicrosoftAppId (or --bot-id): expected the Azure Bot's Microsoft App ID (a GUID)");
    expect(problem({ botId })).toMatch(/^PUBLIC_BASE_URL \(or --public-url\): expected the https:\/\/ address Teams reaches botwatch at, it is not set/);
    expect(problem({ botId, publicUrl: 'http://bw.example.com' })).toMatch(/^PUBLIC_BASE_URL \(or --public-url\): expected the https:\/\/ address .*https only/);
    expect(problem({ botId, publicUrl: 'https://bw.example.com', appVersion: '1.0' })).toBe('--app-version: expected a version such as 1.2.0');
  });
});
