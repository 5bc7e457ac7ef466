import type { CapacityReport, CapacityRow } from './forecast.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units, one decimal: `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes < 0 ? '-' : ''}${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';

function cells(r: CapacityRow): string[] {
  const growth = r.growthPerDay > 0 ? `+${formatBytes(r.growthPerDay)}/day` : r.growthPerDay < 0 ? `${formatBytes(r.growthPerDay)}/day` : 'flat';
  const status = r.failsBeforeRegistration ? 'RUNS OUT' : r.headroomNeededBytes > r.freeBytes ? 'SHORT' : 'ok';
  return [
    r.kind, r.name,
    `${formatBytes(r.usedBytes)} of ${formatBytes(r.capacityBytes)} (${(r.usedRatio * 100).toFixed(1)}%)`,
    growth,
    r.exhaustionMs === undefined ? 'never (not growing)' : date(r.exhaustionMs),
    `${formatBytes(r.headroomNeededBytes)} (free ${formatBytes(r.freeBytes)})`,
    status,
  ];
}

/** The report as a table, the periods it was judged against, and the verdict. */
export function formatCapacityReport(report: CapacityReport): string {
  const header = ['RESOURCE', 'NAME', 'USED', 'GROWTH', 'EXHAUSTED', 'HEADROOM NEEDED', 'STATUS'];
  const rows = [header, ...report.rows.map(cells)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  const critical = report.nextCritical ? `${report.nextCritical.name}, ends ${date(report.nextCritical.endMs)}` : 'none in the calendar';
  const registration = report.nextRegistration ? `${report.nextRegistration.name}, ends ${date(report.nextRegistration.endMs)}` : 'none in the calendar';
  const failing = report.rows.filter((r) => r.failsBeforeRegistration);
  return [
    ...lines,
    '',
    `Headroom needed: what each resource consumes at its growth until the next critical period ends (${critical}).`,
    failing.length > 0
      ? `FAIL: ${failing.map((r) => `${r.kind} ${r.name}`).join(', ')} run(s) out before the next registration opening ends (${registration}).`
      : `OK: nothing runs out before the next registration opening ends (${registration}).`,
  ].join('\n');
}
