/**
 * Which Grafana release can load a dashboard of a given `schemaVersion`. Grafana refuses nothing
 * newer than it knows, but it does not understand fields added after its release, so the Compose
 * stack pins a Grafana at least this new (deploy/grafana-version.test.ts keeps them in step).
 * Each entry is the first release whose dashboard migrator reached that version.
 */
export const MIN_GRAFANA_FOR_SCHEMA: Readonly<Record<number, string>> = {
  39: '11.0.0',
  41: '11.6.0',
  // Migration v42 (hideFrom.tooltip follows hideFrom.viz), grafana/grafana#110517, September 2025.
  42: '12.2.0',
};

/** `a` compared with `b` as dotted release numbers: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Problems of running dashboards of these schema versions on Grafana `version`: an unknown
 * schema version (add its row above) or a Grafana older than one needs.
 */
export function grafanaVersionProblems(version: string, schemaVersions: readonly number[]): string[] {
  const problems: string[] = [];
  for (const schema of [...new Set(schemaVersions)].sort((a, b) => a - b)) {
    const needed = MIN_GRAFANA_FOR_SCHEMA[schema];
    if (needed === undefined) problems.push(`schemaVersion ${schema}: no minimum Grafana version known; add it to MIN_GRAFANA_FOR_SCHEMA`);
    else if (compareVersions(version, needed) < 0) problems.push(`schemaVersion ${schema} needs Grafana ${needed} or newer; the stack pins ${version}`);
  }
  return problems;
}
