import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProgram, withPassword } from '../../database/index.js';
import { listPgBackups } from '../../dr/index.js';
import { readPostgresState, regionCluster, REGIONS, startStack, stackRoles, stackUrl, TEST_TIMING, type RunningStack, type StackPorts } from '../../stack/index.js';
import { adminQuery, requireTool } from '../../test/support/index.js';
import { freeStackPorts } from '../../stack/testing/ports.js';
import { formatRecoveryDrill, runRecoveryDrill } from '../index.js';


describe('zeus-obs dr drill lost-primary on a PostgreSQL stack without a replica (test profile): restore from base backup + WAL archive', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-dr-drill-'));
  const lines: string[] = [];
  let stack: RunningStack;

  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    postgresProgram('pg_basebackup');
    stack = await startStack({
      dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, synthetics: false,
      database: 'postgres', replica: false, log: (l) => lines.push(l),
    });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    const state = readPostgresState(dataDir);
    for (const region of REGIONS) await regionCluster(dataDir, region, state?.ports[region] ?? 0).stop('immediate');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('destroys the primary under load, restores it in the other region, and meets RTO and RPO with integrity intact', async () => {
    expect((await listPgBackups(stack.backupDir)).length, lines.join('\n')).toBeGreaterThan(0);
    const before = readPostgresState(dataDir)!;
    const log: string[] = [];
    const result = await runRecoveryDrill({
      scenario: 'lost-primary', dataDir, backupDir: stack.backupDir, archiveTimeoutSeconds: 4, repointTimeoutMs: 120_000,
      log: (l) => log.push(l), warmupMs: 3_000, writers: 3,
      readyUrls: [stack.urls.portal, stack.urls.enrollment, stack.urls.grades].map((u) => `${u}/readyz`),
    });
    const report = formatRecoveryDrill(result);
    console.log(`dr drill lost-primary (test profile, no replica):\n${report}`);
    expect(result.pass, `${report}\n${log.join('\n')}`).toBe(true);
    expect(result.procedure).toMatch(/restored zeus-\d{8}T\d{9}Z\.pg \+ archived WAL into region-b/);
    // The drill measured something: writes before the fault, each data set judged against its objective.
    for (const verdict of result.verdicts) {
      expect(verdict.committedBeforeFault).toBeGreaterThan(0);
      expect(verdict.rpoSeconds).toBeLessThanOrEqual(verdict.objective.rpoSeconds);
    }
    expect(result.rtoSeconds).toBeGreaterThan(0);
    expect(result.integrity).toEqual([]);
    expect(report).toMatch(/result {5}PASS/);
    // The stack serves from the restored primary in the other region, and the old data directory is gone.
    const after = readPostgresState(dataDir)!;
    expect(after).toMatchObject({ primary: 'region-b', serving: 'region-b' });
    expect(after.ports['region-b']).not.toBe(before.ports['region-a']);
    const admin = stackRoles(dataDir).admin;
    const [row] = await adminQuery<{ n: number }>(withPassword(stackUrl(after.ports['region-b']!, admin.user), admin.password), 'SELECT COUNT(*)::int AS n FROM enrollments');
    expect(row!.n).toBeGreaterThan(0);
    expect((await fetch(`${stack.urls.enrollment}/readyz`)).status).toBe(200);
  }, 300_000);

  it('corrupted-table: point-in-time recovery to just before the statement brings every acknowledged grade back', async () => {
    const before = readPostgresState(dataDir)!;
    const log: string[] = [];
    const result = await runRecoveryDrill({
      scenario: 'corrupted-table', dataDir, backupDir: stack.backupDir, archiveTimeoutSeconds: 4, repointTimeoutMs: 120_000,
      log: (l) => log.push(l), warmupMs: 3_000, writers: 3,
      readyUrls: [stack.urls.portal, stack.urls.enrollment, stack.urls.grades].map((u) => `${u}/readyz`),
    });
    const report = formatRecoveryDrill(result);
    console.log(`dr drill corrupted-table (test profile):\n${report}`);
    expect(result.pass, `${report}\n${log.join('\n')}`).toBe(true);
    const grades = result.verdicts.find((v) => v.dataSet === 'grades')!;
    expect(grades.committedBeforeFault).toBeGreaterThan(0);
    expect(grades.lost).toBe(0);
    const after = readPostgresState(dataDir)!;
    expect(after.primary).not.toBe(before.primary);
    const admin = stackRoles(dataDir).admin;
    const [row] = await adminQuery<{ f: number; n: number }>(withPassword(stackUrl(after.ports[after.primary]!, admin.user), admin.password),
      "SELECT COUNT(*) FILTER (WHERE grade = 'F')::int AS f, COUNT(*)::int AS n FROM grades");
    // The seed has some F grades of its own; the corruption set every one of them to F.
    expect(row!.f).toBeLessThan(row!.n);
  }, 300_000);
});
