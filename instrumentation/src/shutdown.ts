/**
 * SIGTERM/SIGINT handling that flushes telemetry without stealing the app's own shutdown: when
 * the app listens for the signal too, we only flush (the app decides when to exit); otherwise,
 * once flushed (or after the timeout), the signal is re-raised so the process ends as Node's
 * default would have ended it.
 */

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Installs the handlers; returns a function that removes them. */
export function installSignalHandlers(flush: (timeoutMs: number) => Promise<void>, timeoutMs: number): () => void {
  let flushing = false;
  const handler = (signal: NodeJS.Signals): void => {
    const appHandles = process.listenerCount(signal) > 1;
    const reraise = () => {
      if (appHandles) return;
      remove();
      process.kill(process.pid, signal);
    };
    if (flushing) {
      reraise();
      return;
    }
    flushing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    Promise.race([flush(timeoutMs).catch(() => undefined), deadline]).then(() => {
      clearTimeout(timer);
      reraise();
    });
  };
  const remove = () => {
    for (const signal of SIGNALS) process.removeListener(signal, handler);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return remove;
}
