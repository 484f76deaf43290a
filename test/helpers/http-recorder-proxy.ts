import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test may answer a request with instead of (or after) forwarding it. */
export interface ProxyAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Forward the request to the server first (it is stored), then answer this instead of the server's answer. */
  afterForwarding?: boolean;
}

export interface RecordedRequest {
  at: number;
  path: string;
  body: string;
  status: number;
}

/**
 * An HTTP proxy in front of a real botwatch that records every request, and lets a test answer
 * chosen requests itself (a 429 with Retry-After, a lost answer) to see how a client copes.
 */
export class HttpRecorderProxy {
  readonly requests: RecordedRequest[] = [];
  /** Called for each request (0-based); an answer replaces the server's, undefined forwards it. */
  intercept: (index: number, body: string) => ProxyAnswer | undefined = () => undefined;
  private server?: http.Server;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const index = this.requests.length;
        const record: RecordedRequest = { at: Date.now(), path: req.url ?? '', body, status: 0 };
        this.requests.push(record);
        const own = this.intercept(index, body);
        const answer = async (): Promise<{ status: number; headers: Record<string, string>; body: string }> => {
          let forwarded: { status: number; headers: Record<string, string>; body: string } | undefined;
          if (own === undefined || own.afterForwarding) {
            const response = await fetch(`${this.target}${req.url ?? ''}`, {
              method: req.method,
              headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? '' },
              body,
            });
            const retryAfter = response.headers.get('retry-after');
            forwarded = { status: response.status, headers: { 'content-type': 'application/json', ...(retryAfter ? { 'retry-after': retryAfter } : {}) }, body: await response.text() };
          }
          if (own === undefined) return forwarded!;
          return { status: own.status, headers: { 'content-type': 'application/json', ...own.headers }, body: own.body ?? JSON.stringify({ error: 'answered by the test proxy' }) };
        };
        answer().then(
          (a) => {
            record.status = a.status;
            res.writeHead(a.status, a.headers).end(a.body);
          },
          (error: unknown) => res.writeHead(502).end(String(error)),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Events per recorded request (each body is a JSON array). */
  batchSizes(): number[] {
    return this.requests.map((r) => (JSON.parse(r.body) as unknown[]).length);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
