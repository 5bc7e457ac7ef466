/**
 * SIGTERM/SIGINT handling that flushes telemetry without stealing the app's own shutdown:
 * - when the app listens for the signal too, the app decides when and how to exit; if it calls
 *   `process.exit()` while the flush is still running, the exit (with the app's code) waits for
 *   the flush, at most the shutdown timeout;
 * - otherwise, once flushed (or after the timeout) the signal is re-raised, so the process ends
 *   exactly as Node's default handler would have ended it.
 */

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Installs the handlers; returns a function that removes them. */
export function installSignalHandlers(flush: (timeoutMs: number) => Promise<void>, timeoutMs: number): () => void {
  let flushing: Promise<void> | undefined;
  const originalExit = process.exit;

  const handler = (signal: NodeJS.Signals): void => {
    const appHandles = process.listenerCount(signal) > 1;
    const reraise = () => {
      if (appHandles) return;
      remove();
      process.kill(process.pid, signal);
    };
    if (flushing) {
      // a second signal while flushing: stop waiting
      reraise();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    flushing = Promise.race([flush(timeoutMs).catch(() => undefined), deadline]).then(() => {
      clearTimeout(timer);
    });
    if (appHandles) {
      // Cooperate with the app's handler: an exit it requests waits for the flush.
      process.exit = ((code?: number | string | null) => {
        process.exit = originalExit;
        void flushing!.then(() => originalExit.call(process, code as number));
        return undefined as never;
      }) as typeof process.exit;
      void flushing.then(() => {
        if (process.exit !== originalExit) process.exit = originalExit;
      });
    } else {
      void flushing.then(reraise);
    }
  };
  const remove = () => {
    for (const signal of SIGNALS) process.removeListener(signal, handler);
  };
  // Our handler runs first so the flush starts before the app begins closing things.
  for (const signal of SIGNALS) process.prependListener(signal, handler);
  return remove;
}
