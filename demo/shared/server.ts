import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultController } from '../faults/controller.js';

/** A service listening on its main port and its admin port. */
export interface RunningService {
  readonly port: number;
  readonly adminPort: number;
  /** Stops both listeners and drops open connections. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Serves `app` on `port` and `adminApp` on `adminPort` (0 picks free ports). The `down` fault
 * closes the main listener (connections are refused, as for a crashed process) and clearing
 * it listens again on the same port; the admin listener is never closed by a fault.
 */
export async function serveService(options: {
  app: RequestListener;
  adminApp: RequestListener;
  faults: FaultController;
  port: number;
  adminPort: number;
  host?: string;
}): Promise<RunningService> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(options.app);
  server.keepAliveTimeout = 5_000;
  const admin = createServer(options.adminApp);
  const port = await listen(server, options.port, host);
  const adminPort = await listen(admin, options.adminPort, host);
  options.faults.onChange(async (state) => {
    if (state.down && server.listening) await close(server);
    else if (!state.down && !server.listening) await listen(server, port, host);
  });
  return {
    port,
    adminPort,
    async close() {
      await Promise.all([close(server), close(admin)]);
    },
  };
}
