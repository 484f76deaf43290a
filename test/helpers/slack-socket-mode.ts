import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Slack's Socket Mode server, as far as tests need it: accepts the WebSocket that
 * `apps.connections.open`'s URL leads to (RFC 6455 handshake and framing, written out here
 * rather than pulled in as a dependency), says `hello`, sends envelopes (a slash command, a
 * button press) and hands back the client's acknowledgements. Answers pings and close frames.
 */
export class SocketModeStandIn {
  /** Every WebSocket upgrade request, accepted or not. */
  readonly attempts: { path: string; headers: IncomingMessage['headers'] }[] = [];
  readonly connections: SocketModeConnection[] = [];
  private readonly waiters = new Set<() => void>();

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.attempts.push({ path: req.url ?? '', headers: req.headers });
    const key = req.headers['sec-websocket-key'];
    if (!req.url?.startsWith('/socket-mode/') || typeof key !== 'string') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const connection = new SocketModeConnection(socket, head);
    this.connections.push(connection);
    connection.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0STANDIN' }, debug_info: { host: 'stand-in' } });
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The first open connection, once there is one. */
  connection(timeoutMs = 15_000): Promise<SocketModeConnection> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const open = this.connections.find((c) => c.open);
        if (!open) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(open);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no Socket Mode connection within ${timeoutMs} ms (${this.attempts.length} attempts)`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  closeAll(): void {
    for (const c of this.connections) c.destroy();
  }
}

export class SocketModeConnection {
  /** JSON messages the client sent (acknowledgements). */
  readonly received: Record<string, unknown>[] = [];
  open = true;
  private buffer = Buffer.alloc(0);
  private readonly acks = new Map<string, (ack: Record<string, unknown>) => void>();

  constructor(
    private readonly socket: Duplex,
    head: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => (this.open = false));
    socket.on('error', () => socket.destroy());
    if (head.length > 0) this.receive(head);
  }

  /** Sends a JSON text frame. */
  send(message: unknown): void {
    this.writeFrame(0x1, Buffer.from(JSON.stringify(message)));
  }

  /** Sends an envelope (`slash_commands`, `interactive`…) and resolves with the client's acknowledgement. */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const envelopeId = randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    this.send({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    return acked;
  }

  destroy(): void {
    this.open = false;
    this.socket.destroy();
  }

  private writeFrame(opcode: number, payload: Buffer): void {
    if (!this.open) return;
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
    if (length >= 126 && length < 65_536) {
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else if (length >= 65_536) {
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  /** Client frames are masked (RFC 6455 §5.3); this server never fragments, nor expects fragments. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0]! & 0x0f;
      const masked = (this.buffer[1]! & 0x80) !== 0;
      let length = this.buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (this.buffer.length < offset + length) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= this.buffer[maskOffset + (i % 4)]!;
      this.buffer = this.buffer.subarray(offset + length);
      this.handleFrame(opcode, payload);
    }
  }

  private handleFrame(opcode: number, payload: Buffer): void {
    if (opcode === 0x9) return this.writeFrame(0xa, payload);
    if (opcode === 0x8) {
      this.writeFrame(0x8, payload.subarray(0, 2));
      this.open = false;
      this.socket.end();
      return;
    }
    if (opcode !== 0x1) return;
    const message = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    this.received.push(message);
    const id = message.envelope_id;
    if (typeof id === 'string') this.acks.get(id)?.(message);
  }
}
