/**
 * SIGTERM/SIGINT handling that flushes telemetry without stealing the app's own shutdown:
 * - when the app listens for the signal too, the app decides when and how to exit; if it calls
 *   `process.exit()` while the flush is still running, the spans not yet delivered are exported
 *   synchronously (within what is left of the shutdown timeout) and the process exits with the
 *   app's code: `process.exit` never returns to its caller, as Node's own never does;
 * - otherwise, once flushed (or after the timeout) the signal is re-raised, so the process ends
 *   exactly as Node's default handler would have ended it.
 */

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Installs the handlers; returns a function that removes them. `flushSync` exports what is
 * still pending without the event loop, for an exit the app calls during the flush.
 */
export function installSignalHandlers(
  flush: (timeoutMs: number) => Promise<void>,
  timeoutMs: number,
  flushSync: (timeoutMs: number) => void = () => {},
): () => void {
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
    const until = Date.now() + timeoutMs;
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
        try {
          flushSync(Math.max(0, until - Date.now()));
        } catch {
          // exiting matters more than the last spans
        }
        return originalExit.call(process, code as number);
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
