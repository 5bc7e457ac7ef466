/**
 * `node --require @zeus/instrumentation/register app.cjs`: the CommonJS entry. It loads the
 * package's ES module build synchronously (require of an ES module: Node 20.19+, 22.12+, 24), so
 * telemetry is running and the require hooks are in place before the app's first `require`.
 * ES module apps need `--import` instead (the loader hook must be registered before they load);
 * started this way, they get a warning. Never throws: a failure is a warning and the app starts.
 */
try {
  require('./register-require.js');
} catch (error) {
  const code = (error as { code?: string }).code;
  const reason = code === 'ERR_REQUIRE_ESM'
    ? `this Node.js (${process.version}) cannot require ES modules; use Node 20.19+, 22.12+ or 24, or start with --import @zeus/instrumentation/register`
    : error instanceof Error ? error.message : String(error);
  process.stderr.write(`[@zeus/instrumentation] telemetry did not start: ${reason}\n`);
}
