import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** An external program the stack runs, with how to get it when it is missing. */
export interface ToolSpec {
  /** Name shown in messages. */
  label: string;
  /** Candidate commands or absolute paths, in order. */
  candidates: string[];
  /** One line saying how to install it. */
  hint: string;
}

export const PROMETHEUS: ToolSpec = {
  label: 'Prometheus',
  candidates: ['prometheus'],
  hint: "install it: 'npm run setup', or 'sudo apt-get install prometheus' (elsewhere: https://prometheus.io/download/, binary on PATH)",
};

export const ALERTMANAGER: ToolSpec = {
  label: 'Alertmanager',
  candidates: ['prometheus-alertmanager', 'alertmanager'],
  hint: "install it: 'npm run setup', or 'sudo apt-get install prometheus-alertmanager' (elsewhere: https://prometheus.io/download/, 'alertmanager' on PATH)",
};

export const NODE_EXPORTER: ToolSpec = {
  label: 'node_exporter',
  candidates: ['prometheus-node-exporter', 'node_exporter'],
  hint: "install it: 'npm run setup', or 'sudo apt-get install prometheus-node-exporter' (elsewhere: https://prometheus.io/download/, 'node_exporter' on PATH)",
};

export const BLACKBOX_EXPORTER: ToolSpec = {
  label: 'blackbox_exporter',
  candidates: ['prometheus-blackbox-exporter', 'blackbox_exporter'],
  hint: "install it: 'npm run setup', or 'sudo apt-get install prometheus-blackbox-exporter' (elsewhere: https://prometheus.io/download/, 'blackbox_exporter' on PATH)",
};

export const CHROMIUM: ToolSpec = {
  label: 'Chromium',
  candidates: [process.env.ZEUS_CHROMIUM_PATH ?? '', '/usr/bin/chromium', 'chromium', 'chromium-browser'].filter(Boolean),
  hint: "install it: 'npm run setup', or 'sudo apt-get install chromium' (or set ZEUS_CHROMIUM_PATH to a Chromium binary)",
};

export const POSTGRES_EXPORTER: ToolSpec = {
  label: 'prometheus-postgres-exporter',
  candidates: ['prometheus-postgres-exporter', 'postgres_exporter'],
  hint: "install it: 'npm run setup', or 'sudo apt-get install prometheus-postgres-exporter' (elsewhere: postgres_exporter on PATH)",
};

/** Absolute path of the first candidate found (an explicit path wins), or undefined. */
export function findTool(spec: ToolSpec, explicit?: string): string | undefined {
  for (const name of explicit ? [explicit] : spec.candidates) {
    if (name.includes('/')) {
      if (existsSync(name)) return name;
      continue;
    }
    try {
      const path = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH; next candidate
    }
  }
  return undefined;
}
