import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleFeed, FeedEvent } from './console-feed.ts';

const heartbeatMs = 20_000;

/**
 * `GET /console/events`: server-sent events. A new connection first gets every kept message (so a
 * reload or a reconnect shows them), then each new message (`entry`) and each replaced one
 * (`update`) as it happens.
 */
export function consoleStream(feed: ConsoleFeed) {
  const open = new Set<ServerResponse>();
  return {
    handler(req: IncomingMessage, res: ServerResponse): void {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
      const send = (event: FeedEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.entry)}\n\n`);
      res.write('retry: 2000\n\n');
      for (const entry of feed.history()) send({ type: 'entry', entry });
      const unsubscribe = feed.subscribe(send);
      // A comment now and then keeps proxies and idle timers from closing a quiet stream.
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
      open.add(res);
      req.once('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    },
    /** Ends every open stream (shutdown: the server then closes without waiting for them). */
    closeAll(): void {
      for (const res of open) res.end();
    },
  };
}
