import type http from 'node:http';

/** Parameters Slack's Web API takes whose values are JSON (the SDK sends them as JSON strings in a form). */
const jsonParams = new Set(['blocks', 'attachments', 'files', 'metadata']);

export async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Web API parameters: form-encoded (JSON-valued ones as JSON strings, as the SDK sends them), JSON, or multipart. */
export async function parseParams(raw: Buffer, contentType: string, url: URL): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (contentType.startsWith('application/json')) return { ...out, ...(JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>) };
  const entries = contentType.startsWith('multipart/form-data')
    ? [...(await new Response(raw, { headers: { 'content-type': contentType } }).formData()).entries()].filter((e): e is [string, string] => typeof e[1] === 'string')
    : [...new URLSearchParams(raw.toString('utf8')).entries()];
  for (const [key, value] of entries) out[key] = jsonParams.has(key) ? JSON.parse(value) : value;
  return out;
}

export async function firstFilePart(raw: Buffer, contentType: string): Promise<Buffer> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const [, value] of form.entries()) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  throw new Error('multipart upload without a file part');
}
