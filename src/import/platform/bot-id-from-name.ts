/**
 * Turns a platform's bot name (`Support Bot`, `crd9b_agent`) into a contract bot id: lowercase
 * letters, digits, `_` and `-`, starting with a letter or digit, at most 64 (the contract's `botId`).
 * Undefined when nothing usable is left.
 */
export function botIdFromName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug === '' ? undefined : slug;
}
