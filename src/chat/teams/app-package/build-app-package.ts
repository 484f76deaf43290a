import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeZip } from './write-zip.ts';

/** What goes into the Teams app package besides the files in manifests/teams/. */
export interface AppPackageSettings {
  /** MicrosoftAppId: the Azure Bot's id, used as the Teams app's id too. */
  botId: string;
  /** PUBLIC_BASE_URL (https): its host is the package's valid domain (chart images). */
  publicBaseUrl: string;
  /** The package's version (x.y.z); Teams needs a higher one for each update. */
  appVersion: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

export const teamsManifestDir = fileURLToPath(new URL('../../../../manifests/teams/', import.meta.url));

/**
 * manifests/teams/manifest.json with its `${{NAME}}` placeholders filled in. Throws, naming it,
 * when a placeholder has no value.
 */
export function fillManifest(template: string, settings: AppPackageSettings): Record<string, unknown> {
  const values: Record<string, string> = {
    MicrosoftAppId: settings.botId,
    PUBLIC_HOST: new URL(settings.publicBaseUrl).host,
    APP_VERSION: settings.appVersion,
    DEVELOPER_NAME: settings.developerName,
    WEBSITE_URL: settings.websiteUrl,
    PRIVACY_URL: settings.privacyUrl,
    TERMS_URL: settings.termsUrl,
  };
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`manifest.json: no value for \${{${name}}}`);
    // Placeholders sit inside JSON strings: escape the value as a JSON string's contents.
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

/** The zip to upload to Teams: manifest.json, color.png and outline.png at its root. */
export function buildAppPackage(settings: AppPackageSettings, dir: string = teamsManifestDir): { zip: Buffer; manifest: Record<string, unknown> } {
  const manifest = fillManifest(fs.readFileSync(`${dir}/manifest.json`, 'utf8'), settings);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: fs.readFileSync(`${dir}/color.png`) },
    { name: 'outline.png', data: fs.readFileSync(`${dir}/outline.png`) },
  ]);
  return { zip, manifest };
}
