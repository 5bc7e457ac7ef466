import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { loadCompose } from './compose-file.js';
import { compareVersions, grafanaVersionProblems } from './grafana-version.js';

const DASHBOARDS = join(REPO_ROOT, 'generated', 'grafana', 'dashboards');
const schemaVersions = readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')) as { schemaVersion: number }).schemaVersion);

describe('Grafana in Compose and the dashboards\' schemaVersion', () => {
  it('pins a Grafana release that loads every generated dashboard', () => {
    const image = loadCompose().services.grafana!.image!;
    const version = /^grafana\/grafana-oss:(\d+\.\d+\.\d+)$/.exec(image)?.[1];
    expect(version, image).toBeDefined();
    expect(schemaVersions.length).toBeGreaterThan(5);
    expect(grafanaVersionProblems(version!, schemaVersions)).toEqual([]);
  });

  it('names what is wrong: an older Grafana, or a schemaVersion nobody looked up', () => {
    expect(grafanaVersionProblems('11.3.1', [42])).toEqual(['schemaVersion 42 needs Grafana 12.2.0 or newer; the stack pins 11.3.1']);
    expect(grafanaVersionProblems('12.3.0', [43])).toEqual(['schemaVersion 43: no minimum Grafana version known; add it to MIN_GRAFANA_FOR_SCHEMA']);
    expect(compareVersions('12.10.0', '12.2.0')).toBeGreaterThan(0);
    expect(compareVersions('12.2.0', '12.2.0')).toBe(0);
  });
});
