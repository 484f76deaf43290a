import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlocks } from './slack-block-check.ts';
import { firstFilePart, parseParams, readAll } from './slack-web-form.ts';
import { SocketModeStandIn } from './slack-socket-mode.ts';

/**
 * A local stand-in for Slack's Web API, for end-to-end tests of the Slack app, digests and alerts
 * (Slack cannot be reached from here). It answers the methods botwatch uses as Slack does — HTTP
 * 200 with `{ ok: true, … }` or `{ ok: false, error }`, 429 with Retry-After when scripted — and
 * records every call (method, parsed body, token), uploaded bytes, posted messages and
 * response_url posts. Block Kit limits are checked like Slack checks them (`invalid_blocks`).
 *
 * Point botwatch at it with `SLACK_API_URL=standIn.apiUrl`; slash-command payloads get their
 * `response_url` from `standIn.responseUrl()`.
 */

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `upload` (bytes to an upload URL), or `response_url`. */
  method: string;
  /** The parameters, with JSON-valued ones (blocks, files) parsed. */
  body: Record<string, unknown>;
  /** The bearer token it came with. */
  token: string | undefined;
  /** What the stand-in answered. */
  status: number;
  answer: Record<string, unknown>;
  /** When it was answered (`performance.now()`, ms). */
  at: number;
}

export interface RecordedUpload {
  fileId: string;
  filename: string;
  altText: string | undefined;
  /** The bytes POSTed to the upload URL (undefined until they are). */
  bytes: Buffer | undefined;
  /** Set by files.completeUploadExternal. */
  title: string | undefined;
  completed: boolean;
  deleted: boolean;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: Record<string, unknown>[];
  threadTs: string | undefined;
  /** chat.postEphemeral: the one person who sees it. */
  user?: string;
  /** How many times chat.update changed it. */
  updates: number;
}

export interface ResponseUrlPost {
  /** The id in `responseUrl(id)`. */
  id: string;
  body: Record<string, unknown>;
}

/** A scripted answer for the next call of a method. */
export type ScriptedFailure = { error: string; errors?: string[] } | { status: 429; retryAfter: number } | { status: number };

export interface StandInOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
}

export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly uploads = new Map<string, RecordedUpload>();
  /** Channel messages (chat.postMessage), with their latest form after chat.update. */
  readonly messages: PostedMessage[] = [];
  readonly ephemeral: PostedMessage[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Socket Mode: connections botwatch opened to `apps.connections.open`'s URL. */
  readonly socketMode = new SocketModeStandIn();
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;

  private server: http.Server | undefined;
  private port = 0;
  private readonly script = new Map<string, ScriptedFailure[]>();
  private readonly notMember = new Set<string>();
  private readonly archived = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private sequence = 0;

  private constructor(options: StandInOptions) {
    this.botToken = options.botToken ?? 'xoxb-stand-in';
    this.appToken = options.appToken ?? 'xapp-stand-in';
    this.teamId = options.teamId ?? 'T0STANDIN';
    this.botUserId = options.botUserId ?? 'U0BOTWATCH';
    this.botId = options.botId ?? 'B0BOTWATCH';
  }

  /** Starts a stand-in on a free local port. */
  static async start(options: StandInOptions = {}): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(options);
    const server = http.createServer((req, res) => {
      standIn.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`stand-in failed: ${(error as Error).message}`);
      });
    });
    server.on('upgrade', (req, socket, head) => standIn.socketMode.accept(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn.server = server;
    standIn.port = (server.address() as AddressInfo).port;
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Web API base (`SLACK_API_URL`). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for a slash command or button payload; posts to it are kept in `responses`. */
  responseUrl(id = `r${++this.sequence}`): string {
    return `${this.url}/response/${id}`;
  }

  /** Answers the next calls of `method` with these failures, in order (then normally again). */
  failNext(method: string, ...failures: ScriptedFailure[]): void {
    this.script.set(method, [...(this.script.get(method) ?? []), ...failures]);
  }

  /** botwatch is not a member of this channel: posting there answers `not_in_channel`. */
  removeBotFrom(channel: string): void {
    this.notMember.add(channel);
  }

  /** The channel is archived: posting there answers `is_archived`. */
  archive(channel: string): void {
    this.archived.add(channel);
  }

  /** Calls of one method, in order. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with `check()`'s first defined value, re-checking after every call; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined || value === false) return false;
        this.waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`waited ${timeoutMs} ms in vain; the stand-in received: ${this.calls.map((c) => c.method).join(', ') || 'nothing'}`));
      }, timeoutMs);
      if (!attempt()) this.waiters.add(attempt);
    });
  }

  async stop(): Promise<void> {
    this.socketMode.closeAll();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readAll(req);
    const contentType = req.headers['content-type'] ?? '';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    if (url.pathname.startsWith('/response/')) {
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      this.responses.push({ id: url.pathname.slice('/response/'.length), body });
      return this.answer(res, 'response_url', body, token, 200, { ok: true });
    }
    if (url.pathname.startsWith('/upload/')) return this.receiveUpload(res, url.pathname.slice('/upload/'.length), raw, contentType, token);
    if (!url.pathname.startsWith('/api/')) return this.answer(res, url.pathname, {}, token, 404, { ok: false, error: 'not_found' });

    const method = url.pathname.slice('/api/'.length);
    const body = await parseParams(raw, contentType, url);
    const scripted = this.script.get(method)?.shift();
    if (scripted) return this.answerScripted(res, method, body, token, scripted);
    return this.answer(res, method, body, token, 200, this.apiMethod(method, body, token ?? (typeof body.token === 'string' ? body.token : undefined)));
  }

  private apiMethod(method: string, body: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
      return { ok: true, url: `ws://127.0.0.1:${this.port}/socket-mode/${++this.sequence}` };
    }
    if (token === undefined) return { ok: false, error: 'not_authed' };
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://stand-in.slack.test/', team: 'Stand-in', user: 'botwatch', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId };
      case 'files.getUploadURLExternal':
        return this.getUploadUrl(body);
      case 'files.completeUploadExternal':
        return this.completeUpload(body);
      case 'files.info': {
        const upload = this.uploads.get(String(body.file));
        return upload && !upload.deleted ? { ok: true, file: fileObject(upload) } : { ok: false, error: 'file_not_found' };
      }
      case 'files.delete': {
        const upload = this.uploads.get(String(body.file));
        if (!upload || upload.deleted) return { ok: false, error: 'file_not_found' };
        upload.deleted = true;
        return { ok: true };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return this.post(method, body);
      case 'chat.update':
        return this.update(body);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private getUploadUrl(body: Record<string, unknown>): Record<string, unknown> {
    const length = Number(body.length);
    if (typeof body.filename !== 'string' || body.filename === '' || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
    const fileId = `F${String(++this.sequence).padStart(9, '0')}`;
    this.uploads.set(fileId, { fileId, filename: body.filename, altText: typeof body.alt_text === 'string' ? body.alt_text : undefined, bytes: undefined, title: undefined, completed: false, deleted: false });
    return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
  }

  private async receiveUpload(res: http.ServerResponse, fileId: string, raw: Buffer, contentType: string, token: string | undefined): Promise<void> {
    const upload = this.uploads.get(fileId);
    const scripted = this.script.get('upload')?.shift();
    if (scripted) return this.answerScripted(res, 'upload', { fileId }, token, scripted);
    if (!upload) return this.answer(res, 'upload', { fileId }, token, 404, { ok: false, error: 'file_not_found' });
    upload.bytes = contentType.startsWith('multipart/form-data') ? await firstFilePart(raw, contentType) : raw;
    this.record('upload', { fileId, bytes: upload.bytes.length }, token, 200, { ok: true });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${upload.bytes.length}`);
  }

  private completeUpload(body: Record<string, unknown>): Record<string, unknown> {
    const files = Array.isArray(body.files) ? (body.files as { id?: unknown; title?: unknown }[]) : [];
    if (files.length === 0) return { ok: false, error: 'invalid_arguments' };
    const done: RecordedUpload[] = [];
    for (const f of files) {
      const upload = this.uploads.get(String(f.id));
      if (!upload || upload.bytes === undefined || upload.deleted) return { ok: false, error: 'file_not_found' };
      upload.completed = true;
      upload.title = typeof f.title === 'string' ? f.title : upload.filename;
      done.push(upload);
    }
    if (typeof body.channel_id === 'string') {
      const refused = this.refusal(body.channel_id);
      if (refused) return { ok: false, error: refused };
      this.messages.push({ channel: body.channel_id, ts: this.nextTs(), text: typeof body.initial_comment === 'string' ? body.initial_comment : undefined, blocks: asBlocks(body.blocks), threadTs: stringOrUndefined(body.thread_ts), updates: 0 });
    }
    return { ok: true, files: done.map(fileObject) };
  }

  private post(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const channel = stringOrUndefined(body.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const refused = this.refusal(channel);
    if (refused) return { ok: false, error: refused };
    if (method === 'chat.postEphemeral' && typeof body.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
    const blocks = asBlocks(body.blocks);
    if (body.text === undefined && blocks.length === 0) return { ok: false, error: 'no_text' };
    const problems = checkBlocks(blocks, (id) => this.uploads.get(id)?.completed === true && this.uploads.get(id)?.deleted === false);
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
    const message: PostedMessage = { channel, ts: this.nextTs(), text: stringOrUndefined(body.text), blocks, threadTs: stringOrUndefined(body.thread_ts), updates: 0 };
    if (method === 'chat.postEphemeral') {
      this.ephemeral.push({ ...message, user: String(body.user) });
      return { ok: true, message_ts: message.ts };
    }
    this.messages.push(message);
    return { ok: true, channel, ts: message.ts, message: { type: 'message', text: message.text, blocks, ts: message.ts, bot_id: this.botId } };
  }

  private update(body: Record<string, unknown>): Record<string, unknown> {
    const message = this.messages.find((m) => m.channel === body.channel && m.ts === body.ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    const blocks = asBlocks(body.blocks);
    const problems = checkBlocks(blocks, (id) => this.uploads.get(id)?.completed === true);
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', errors: problems };
    message.blocks = blocks;
    message.text = stringOrUndefined(body.text) ?? message.text;
    message.updates++;
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
  }

  private refusal(channel: string): string | undefined {
    if (this.archived.has(channel)) return 'is_archived';
    if (this.notMember.has(channel)) return 'not_in_channel';
    return undefined;
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.sequence).padStart(6, '0')}`;
  }

  private answerScripted(res: http.ServerResponse, method: string, body: Record<string, unknown>, token: string | undefined, failure: ScriptedFailure): void {
    if ('error' in failure) return this.answer(res, method, body, token, 200, { ok: false, error: failure.error, ...(failure.errors ? { errors: failure.errors } : {}) });
    if (failure.status === 429 && 'retryAfter' in failure) return this.answer(res, method, body, token, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
    return this.answer(res, method, body, token, failure.status, { ok: false, error: `http_${failure.status}` });
  }

  private answer(res: http.ServerResponse, method: string, body: Record<string, unknown>, token: string | undefined, status: number, answer: Record<string, unknown>, headers: Record<string, string> = {}): void {
    this.record(method, body, token, status, answer);
    const text = JSON.stringify(answer);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private record(method: string, body: Record<string, unknown>, token: string | undefined, status: number, answer: Record<string, unknown>): void {
    this.calls.push({ method, body, token, status, answer, at: performance.now() });
    for (const waiter of [...this.waiters]) waiter();
  }
}

function fileObject(upload: RecordedUpload): Record<string, unknown> {
  return { id: upload.fileId, name: upload.filename, title: upload.title ?? upload.filename, mimetype: 'image/png', filetype: 'png', size: upload.bytes?.length ?? 0 };
}

function asBlocks(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
