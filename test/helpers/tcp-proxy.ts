import net from 'node:net';

/** One proxied connection: bytes held back while the link is stalled. */
interface Link {
  client: net.Socket;
  upstream: net.Socket;
  held: { to: net.Socket; data: Buffer }[];
  /** One side closed while stalled: the other is closed once the held bytes are passed on. */
  closing: boolean;
}

/**
 * A TCP proxy a test can cut and restore, to make a database server "go away" and come back, or
 * stall: stop passing bytes without resetting anything (a silent network, the hardest outage).
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly links = new Set<Link>();
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      const link: Link = { client, upstream, held: [], closing: false };
      this.links.add(link);
      const forward = (from: net.Socket, to: net.Socket) =>
        from.on('data', (data: Buffer) => {
          if (this.stalled) link.held.push({ to, data });
          else to.write(data);
        });
      forward(client, upstream);
      forward(upstream, client);
      for (const s of [client, upstream]) {
        s.on('error', () => s.destroy());
        s.on('close', () => {
          if (this.stalled) link.closing = true;
          else this.close(link);
        });
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops passing bytes in either direction, on open and new connections, without closing anything. */
  stall(): void {
    this.stalled = true;
  }

  /**
   * Passes bytes again, first those held back (as a network that comes back delivers them late),
   * then a close that happened meanwhile.
   */
  resume(): void {
    this.stalled = false;
    for (const link of this.links) {
      for (const { to, data } of link.held.splice(0)) if (!to.destroyed) to.write(data);
      if (link.closing) this.close(link);
    }
  }

  /** Closes both ends of a link once what was written to them is sent. */
  private close(link: Link): void {
    for (const s of [link.client, link.upstream]) if (!s.destroyed) s.end();
    this.links.delete(link);
  }

  /** Resets every open connection (as a restarted server or a broken route would); new ones are accepted. */
  reset(): void {
    for (const link of this.links) {
      link.client.resetAndDestroy();
      link.upstream.destroy();
    }
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const link of this.links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
