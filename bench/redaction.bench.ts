/**
 * Cost of FERPA redaction: `npm run bench:redaction`. Times the redactor of @zeus/instrumentation
 * on ordinary telemetry (a log message, a URL with a query, a log object, a SQL statement) and on
 * attacker-controlled 16 KB values built to make backtracking matchers slow, plus the redaction of
 * a 512-span export batch carrying such a path. Prints a Markdown table of median µs per call.
 *
 * Env: BENCH_REDACTOR (path of another build's `redact` module to compare, e.g. an older
 * `instrumentation/dist/redact/redactor.js`), BENCH_ITERATIONS (default 2000).
 */
import { pathToFileURL } from 'node:url';
import type { Redactor } from '../instrumentation/src/redact/index.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
// Flat strings, as an HTTP parser hands them over (a concatenated string would be timed flattening).
const flat = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

const CASES: Array<[string, (r: Redactor) => unknown, number?]> = [
  ['log message with an ID and an email', (r) => r.string(LOG_MESSAGE)],
  ['log message without student data', (r) => r.string(PLAIN_MESSAGE)],
  ['URL with path ID and query', (r) => r.url(URL)],
  ['log object (6 fields, nested)', (r) => r.fields(LOG_OBJECT)],
  ['SQL statement with literals', (r) => r.sql(SQL)],
  ['16 KB path: local-part run then @', (r) => r.url(ADVERSARIAL_AT), 50],
  ['16 KB user agent: local-part run then @', (r) => r.string(ADVERSARIAL_AT), 50],
  ['16 KB query value: %40 chain', (r) => r.query(`q=${ADVERSARIAL_PCT}`), 50],
];

const LOG_MESSAGE = flat('enrolled S00012345 (alice.nguyen@zeus.edu) in 2027SP-CS101-01');
const PLAIN_MESSAGE = flat('GET /api/sections answered 200 in 12 ms for term 2027SP');
const URL = flat('/api/students/S00012345/grades?term=2027SP&email=alice%40zeus.edu&page=2');
const LOG_OBJECT = { term: '2027SP', section: 'CS101-01', studentId: 'S00012345', note: 'from alice@zeus.edu', credits: 12, req: { method: 'GET', query: { q: 'x' } } };
const SQL = flat("SELECT * FROM enrollments WHERE student_id = 'S00012345' AND term = '2027SP' AND credits > 12");
const ADVERSARIAL_AT = flat(`/${'a'.repeat(16 * 1024)}@`);
const ADVERSARIAL_PCT = flat('a%40'.repeat(4096));

function medianMicros(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn();
  const samples: number[] = [];
  const perSample = Math.max(1, Math.floor(iterations / 20));
  for (let s = 0; s < 20; s++) {
    const started = performance.now();
    for (let i = 0; i < perSample; i++) fn();
    samples.push(((performance.now() - started) * 1000) / perSample);
  }
  samples.sort((a, b) => a - b);
  return samples[10]!;
}

async function batchMillis(redactor: Redactor): Promise<number | undefined> {
  try {
    const { redactSpan } = await import('../instrumentation/src/traces/redact-span.js');
    const batch = () => Array.from({ length: 512 }, () => ({
      name: 'GET /students/:id', events: [], links: [], status: { code: 0 },
      attributes: { 'url.path': ADVERSARIAL_AT, 'user_agent.original': 'node', 'http.request.method': 'GET' },
    }));
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const spans = batch();
      const started = performance.now();
      for (const span of spans) redactSpan(span as never, redactor);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[3];
  } catch {
    return undefined;
  }
}

const module = process.env.BENCH_REDACTOR
  ? ((await import(pathToFileURL(process.env.BENCH_REDACTOR).href)) as { createRedactor: () => Redactor })
  : await import('../instrumentation/src/redact/index.js');
const redactor = module.createRedactor();
console.log(`redactor: ${process.env.BENCH_REDACTOR ?? 'instrumentation/src/redact'}; Node ${process.versions.node}\n`);
console.log('| input | median µs per call |');
console.log('| --- | ---: |');
for (const [name, fn, iterations] of CASES) {
  const us = medianMicros(() => fn(redactor), iterations ?? ITERATIONS);
  console.log(`| ${name} | ${us < 10 ? us.toFixed(2) : us.toFixed(0)} |`);
}
if (!process.env.BENCH_REDACTOR) {
  const ms = await batchMillis(redactor);
  if (ms !== undefined) console.log(`| 512-span export batch, 16 KB adversarial url.path each (whole batch) | ${(ms * 1000).toFixed(0)} |`);
}
