import { setTimeout as sleep } from 'node:timers/promises';
import { withClient, withPassword } from '../../database/index.js';
import { postgresDatabase } from '../../demo/index.js';
import { DATA_SETS, integrityProblems, RECOVERY_OBJECTIVES, type DataSet, type RecoveryObjective } from '../../dr/index.js';
import { readPostgresState, stackRoles, stackUrl } from '../../stack/index.js';
import { judge, measureLoss, type DataSetVerdict, type RecoveredRows } from './judge.js';
import { loadCandidates, startLedgerLoad, type LedgerLoad } from './ledger.js';
import { injectFault, type DrillStack, type RecoveryScenario } from './procedures.js';

/** Options of {@link runRecoveryDrill}. */
export interface RecoveryDrillOptions extends DrillStack {
  readonly scenario: RecoveryScenario;
  /** Readiness URLs of the services that must answer again (`…/readyz`). */
  readonly readyUrls: readonly string[];
  /** Load before the fault, ms (the ledger fills). */
  readonly warmupMs: number;
  /** Load after recovery, ms (writes land on the new primary). */
  readonly cooldownMs?: number;
  readonly writers?: number;
  /** How long recovery may take before the drill gives up, ms (default: the largest RTO objective). */
  readonly deadlineMs?: number;
  readonly objectives?: Readonly<Record<DataSet, RecoveryObjective>>;
}

/** What a recovery drill measured and decided. */
export interface RecoveryDrillResult {
  readonly scenario: RecoveryScenario;
  readonly fault: string;
  readonly procedure: string;
  /** Fault → services ready and the load writing again, seconds. */
  readonly rtoSeconds: number;
  readonly verdicts: readonly DataSetVerdict[];
  readonly integrity: readonly string[];
  readonly ledger: { readonly entries: number; readonly errors: number };
  readonly pass: boolean;
  /** Why it failed, beyond the verdicts (empty when it passed). */
  readonly problems: readonly string[];
}

/**
 * A recovery drill against the running stack on PostgreSQL, under load: the ledger load writes
 * enrollments and grades; the scenario's fault is injected; its documented procedure recovers,
 * automated; RTO is fault → every service ready and the load writing again; RPO per data set is
 * counted against the ledger; integrity is checked (no oversold seat, foreign keys hold).
 */
export async function runRecoveryDrill(options: RecoveryDrillOptions): Promise<RecoveryDrillResult> {
  const objectives = options.objectives ?? RECOVERY_OBJECTIVES;
  const appUrl = () => {
    const state = readPostgresState(options.dataDir);
    if (!state) throw new Error(`no PostgreSQL stack state in ${options.dataDir}`);
    return stackUrl(state.ports[state.primary]!, stackRoles(options.dataDir).app.user);
  };
  const password = stackRoles(options.dataDir).app.password;
  const load = startLedgerLoad({ url: appUrl, password, candidates: await candidates(appUrl(), password), ...(options.writers ? { writers: options.writers } : {}) });
  const problems: string[] = [];
  try {
    await sleep(options.warmupMs);
    options.log(`load: ${load.entries.length} acknowledged writes before the fault`);
    const fault = await injectFault(options, options.scenario);
    const procedure = await fault.recover();
    const healthyAt = await waitHealthy(options, load, fault.at, options.deadlineMs ?? Math.max(...Object.values(objectives).map((o) => o.rtoSeconds)) * 1000);
    const rtoSeconds = (healthyAt - fault.at) / 1000;
    options.log(`healthy again after ${rtoSeconds.toFixed(1)} s (${procedure})`);
    await sleep(options.cooldownMs ?? 1_000);
    await load.stop();
    const { rows, integrity } = await inspect(appAdminUrl(options));
    const verdicts = judge(DATA_SETS.map((d) => measureLoss(load.entries, rows, fault.at, d)), rtoSeconds, objectives);
    for (const v of verdicts) if (v.committedBeforeFault === 0) problems.push(`no ${v.dataSet} write was acknowledged before the fault: the drill measured nothing (more --warmup?)`);
    const pass = problems.length === 0 && integrity.length === 0 && verdicts.every((v) => v.pass);
    return { scenario: options.scenario, fault: fault.what, procedure, rtoSeconds, verdicts, integrity, ledger: { entries: load.entries.length, errors: load.errors() }, pass, problems };
  } finally {
    await load.stop();
  }
}

async function candidates(url: string, password: string) {
  const db = postgresDatabase(url, { password, max: 1 });
  try {
    return await loadCandidates(db, Math.floor(Date.now() / 1000));
  } finally {
    await db.close();
  }
}

/** Admin URL of the current primary (reads every row the check needs). */
function appAdminUrl(options: RecoveryDrillOptions): string {
  const state = readPostgresState(options.dataDir)!;
  const admin = stackRoles(options.dataDir).admin;
  return withPassword(stackUrl(state.ports[state.primary]!, admin.user), admin.password);
}

/** Polls until every service is ready and the load has written since the fault; resolves with that time. */
async function waitHealthy(options: RecoveryDrillOptions, load: LedgerLoad, faultAt: number, timeoutMs: number): Promise<number> {
  const deadline = faultAt + timeoutMs;
  const ready = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.status === 200;
  for (;;) {
    const all = (await Promise.all(options.readyUrls.map(ready))).every(Boolean);
    if (all && load.lastSuccessAt() > faultAt) return Date.now();
    if (Date.now() > deadline) throw new Error(`not healthy ${timeoutMs / 1000} s after the fault (services ready: ${all}; last write ${new Date(load.lastSuccessAt()).toISOString()})`);
    await sleep(100);
  }
}

/** The recovered rows the ledger is checked against, and the integrity checks. */
async function inspect(url: string): Promise<{ rows: RecoveredRows; integrity: string[] }> {
  return withClient(url, async (client) => {
    const enrollments = (await client.query<{ k: string }>("SELECT student_id || '|' || section_id AS k FROM enrollments")).rows;
    const grades = (await client.query<{ k: string; grade: string }>("SELECT student_id || '|' || section_id AS k, grade FROM grades")).rows;
    return {
      rows: { enrollments: new Set(enrollments.map((r) => r.k)), grades: new Map(grades.map((r) => [r.k, r.grade])) },
      integrity: await integrityProblems(client),
    };
  });
}
