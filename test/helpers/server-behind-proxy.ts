import { openTestDatabase, testDatabaseUrl } from './test-database.ts';
import type { TestDatabase } from './test-database.ts';
import { TcpProxy } from './tcp-proxy.ts';
import { startTestServer } from './test-server.ts';
import type { TestServer } from './test-server.ts';
import type { Database } from '../../src/db/database.ts';

/** A botwatch server whose database link runs through a TCP proxy the test can stop or stall. */
export interface ServerBehindProxy {
  /** The test database reached directly, not through the proxy. */
  direct: Database;
  proxy: TcpProxy;
  server: TestServer;
  close(): Promise<void>;
}

/** Starts the proxy in front of the test PostgreSQL and a server connected through it (real PostgreSQL only). */
export async function startServerBehindProxy(...serverArgs: Parameters<typeof startTestServer> extends [Database, ...infer Rest] ? Rest : never): Promise<ServerBehindProxy> {
  const t: TestDatabase = await openTestDatabase();
  const target = new URL(testDatabaseUrl ?? '');
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const url = new URL(testDatabaseUrl ?? '');
  url.host = `127.0.0.1:${proxy.port}`;
  const viaProxy = t.openReplica!({ connectionString: url.toString() });
  const server = await startTestServer(viaProxy, ...serverArgs);
  return {
    direct: t.db,
    proxy,
    server,
    async close() {
      proxy.resume();
      await server.stop();
      await viaProxy.close();
      await proxy.stop();
      await t.close();
    },
  };
}
