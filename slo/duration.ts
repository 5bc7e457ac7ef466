import { formatDuration } from '../promql/index.js';

/** Human-readable duration for test names and reports: `52s`, `4m`, `2h30m`, `1.5d`... */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 3 * 3600) return seconds % 60 === 0 ? formatDuration(seconds * 1_000) : `${(seconds / 60).toFixed(1)}m`;
  if (seconds < 3 * 86_400) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86_400).toFixed(1)}d`;
}
