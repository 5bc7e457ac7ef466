/**
 * The local stack without Docker (`npm start`, `npx zeus-obs stack`): the reference services,
 * exporter, synthetics scheduler, Prometheus, Alertmanager and the local PagerDuty receiver as
 * child processes on loopback. Other folders import only this file.
 */
export { startStack, type RunningStack } from './start.js';
export { DEFAULT_PORTS, isStackProfile, PRODUCTION_TIMING, ROLLOUT_TIMING, STACK_PROFILES, TEST_TIMING, type StackPorts, type StackProfile } from './options.js';
export { renderStatus } from './status.js';
export { markedProcesses, groupMembers, startChild, type Child } from './children.js';
export { failover } from './failover.js';
export {
  otherRegion, postgresDirs, readPostgresState, regionCluster, REGIONS, stackRoles, stackUrl, writePostgresState, type PostgresState,
} from './postgres-state.js';
export { scaleRuleFile } from './rules.js';
