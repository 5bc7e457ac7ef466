// Health probe for the Zeus containers (node:*-slim has neither curl nor wget).
//   node deploy/docker/probe.mjs http://127.0.0.1:8081/readyz   -> exit 0 on a 2xx answer
//   node deploy/docker/probe.mjs tcp://127.0.0.1:9094           -> exit 0 when the port accepts
import { connect } from 'node:net';

const target = process.argv[2] ?? '';
const fail = (why) => {
  console.error(`probe ${target}: ${why}`);
  process.exit(1);
};
setTimeout(() => fail('timed out after 4 s'), 4_000).unref();

if (target.startsWith('tcp://')) {
  const { hostname, port } = new URL(target);
  connect(Number(port), hostname)
    .on('connect', () => process.exit(0))
    .on('error', (error) => fail(error.message));
} else {
  fetch(target)
    .then((response) => (response.ok ? process.exit(0) : fail(`HTTP ${response.status}`)))
    .catch((error) => fail(error.message));
}
