import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Absolute path of a required external tool (promtool, amtool, prometheus, chromium...).
 * Throws with the install hint when it is missing: tests never skip silently, in CI or not.
 */
export function requireTool(...candidates: string[]): string {
  for (const name of candidates) {
    if (name.startsWith('/') && existsSync(name)) return name;
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(
    `required tool not found: ${candidates.join(' or ')}. Run 'npm run setup' ` +
      `(Debian: apt-get install prometheus prometheus-alertmanager chromium postgresql prometheus-postgres-exporter prometheus-node-exporter prometheus-blackbox-exporter).`,
  );
}
