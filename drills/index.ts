/**
 * Fault drills (`npx zeus-obs drill <scenario>`): inject a fault into a running stack, measure
 * time-to-detect, time-to-page and time-to-resolve, and judge team, severity and budgets.
 * Other folders import only this file.
 */
export { SCENARIOS, SCENARIO_NAMES, scenarioNamed } from './scenarios.js';
export { runDrill } from './run.js';
export { formatDrillResult } from './format.js';
export { notifications, type Notification } from './observe.js';
export type { DrillTargets } from './types.js';
export { RECOVERY_SCENARIOS, type RecoveryScenario } from './recovery/procedures.js';
export { runRecoveryDrill } from './recovery/run-recovery-drill.js';
export { formatRecoveryDrill } from './recovery/format.js';
export { BAD_VERSION_FAULTS, DEPLOY_DRILLS, formatDeployDrill, runDeployDrill, type DeployDrill } from './deploy.js';
