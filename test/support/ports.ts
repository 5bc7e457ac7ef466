import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One distinct free loopback port per key, e.g. for every port of the demo or the stack. */
export async function freePortsFor<K extends string>(keys: readonly K[]): Promise<Record<K, number>> {
  const taken = new Set<number>();
  const ports = {} as Record<K, number>;
  for (const key of keys) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[key] = port;
  }
  return ports;
}
