// `npm run teams:package [-- --out <file> --bot-id <guid> --public-url <https://…> --app-version <x.y.z>
//   --developer-name <name> --website-url <url> --privacy-url <url> --terms-url <url>]`:
// the Teams app package (manifest.json, color.png, outline.png) to upload in Teams or the Developer
// Portal. MicrosoftAppId and PUBLIC_BASE_URL come from the environment unless given.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage } from '../src/chat/teams/app-package/build-app-package.ts';
import { resolvePackageSettings } from '../src/chat/teams/app-package/package-settings.ts';

const text = { type: 'string' } as const;
const { values } = parseArgs({
  options: { out: text, 'bot-id': text, 'public-url': text, 'app-version': text, 'developer-name': text, 'website-url': text, 'privacy-url': text, 'terms-url': text },
});
const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const resolved = resolvePackageSettings(
  {
    botId: values['bot-id'],
    publicUrl: values['public-url'],
    appVersion: values['app-version'],
    developerName: values['developer-name'],
    websiteUrl: values['website-url'],
    privacyUrl: values['privacy-url'],
    termsUrl: values['terms-url'],
  },
  process.env,
  version,
);
if ('problem' in resolved) {
  console.error(`teams:package: ${resolved.problem}`);
  process.exit(1);
}
const { settings } = resolved;
const { zip } = buildAppPackage(settings);
const out = path.resolve(values.out ?? 'manifests/teams/build/botwatch-teams.zip');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zip);
console.log(`${path.relative(process.cwd(), out)}: Teams app ${settings.appVersion} for bot ${settings.botId}, images from ${new URL(settings.publicBaseUrl).host} (${zip.length} bytes)`);
if (!values['privacy-url'] || !values['terms-url']) console.log('Privacy and terms pages point at PUBLIC_BASE_URL; give --privacy-url and --terms-url for your organisation\'s pages.');
