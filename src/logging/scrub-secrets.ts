/**
 * Removes secrets from a finished log line, whatever field or message they slipped into: the
 * configured secret values, the password of any `scheme://user:password@host` URL, and bearer
 * tokens. Redaction by field name (in the logger) comes first; this is the net behind it.
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  // Short values would match ordinary words; botwatch's own secrets are all longer.
  const values = [...new Set(secrets.filter((s) => s.length >= 6))]
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const value of values) if (out.includes(value)) out = out.split(value).join('[redacted]');
    return out
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'?#]*:)[^\s@"'/]+@/gi, '$1[redacted]@')
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]')
      .replace(/\bxox[abposr]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+/g, '[redacted]');
  };
}
