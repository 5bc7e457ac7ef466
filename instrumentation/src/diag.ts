/**
 * The package's own diagnostics: warnings go to stderr once per distinct message, so a bad
 * setting or a failing exporter is visible without flooding the app's output.
 */

/** Receives the package's warnings; the default writes one line to stderr. */
export type WarnFn = (message: string) => void;

const PREFIX = '[@zeus/instrumentation]';

/** Creates a warn function that prints each distinct message only once. */
export function createWarnOnce(sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): WarnFn {
  const seen = new Set<string>();
  return (message: string) => {
    if (seen.has(message)) return;
    if (seen.size < 1000) seen.add(message);
    try {
      sink(`${PREFIX} ${message}`);
    } catch {
      // diagnostics must never break the app
    }
  };
}

