import { z } from 'zod';
import type { AppPackageSettings } from './build-app-package.ts';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpsUrl = (message: string) => z.url({ protocol: /^https$/, message });

const settingsSchema = z.object({
  botId: z.string({ message: 'MicrosoftAppId (or --bot-id): expected the Azure Bot\'s Microsoft App ID, it is not set' }).regex(guid, { message: 'MicrosoftAppId (or --bot-id): expected the Azure Bot\'s Microsoft App ID (a GUID)' }),
  publicBaseUrl: z
    .string({ message: 'PUBLIC_BASE_URL (or --public-url): expected the https:// address Teams reaches botwatch at, it is not set' })
    .pipe(httpsUrl('PUBLIC_BASE_URL (or --public-url): expected the https:// address Teams reaches botwatch at (Teams loads chart images over https only)')),
  appVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { message: '--app-version: expected a version such as 1.2.0' }),
  developerName: z.string().min(1).max(32, { message: '--developer-name: at most 32 characters' }),
  websiteUrl: httpsUrl('--website-url: expected an https:// URL'),
  privacyUrl: httpsUrl('--privacy-url: expected an https:// URL'),
  termsUrl: httpsUrl('--terms-url: expected an https:// URL'),
});

export interface PackageOptions {
  botId?: string;
  publicUrl?: string;
  appVersion?: string;
  developerName?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsUrl?: string;
}

/**
 * The package settings from command-line options, else the environment botwatch runs with
 * (MicrosoftAppId, PUBLIC_BASE_URL). Website, privacy and terms pages default to PUBLIC_BASE_URL.
 * Returns the settings, or one line saying what is missing or wrong.
 */
export function resolvePackageSettings(options: PackageOptions, env: Record<string, string | undefined>, packageVersion: string): { settings: AppPackageSettings } | { problem: string } {
  const publicBaseUrl = (options.publicUrl ?? env.PUBLIC_BASE_URL)?.replace(/\/+$/, '');
  const site = options.websiteUrl ?? publicBaseUrl;
  const parsed = settingsSchema.safeParse({
    botId: options.botId ?? env.MicrosoftAppId,
    publicBaseUrl,
    appVersion: options.appVersion ?? packageVersion,
    developerName: options.developerName ?? 'botwatch',
    websiteUrl: site,
    privacyUrl: options.privacyUrl ?? site,
    termsUrl: options.termsUrl ?? site,
  });
  if (parsed.success) return { settings: parsed.data };
  return { problem: parsed.error.issues[0]?.message ?? 'invalid package settings' };
}
