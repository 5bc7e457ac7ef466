/**
 * The Zeus Academia reference services (portal, enrollment, grades): the system the
 * observability stack watches. Other folders import only this file.
 */
export * from './db/index.js';
export {
  DEFAULT_DEMO_PORTS, DEMO_SERVICES, startDemo,
  type DemoPorts, type DemoService, type RunningDemo, type StartDemoOptions,
} from './orchestrate/start-demo.js';
export { FaultController, FaultValidationError, NO_FAULTS, validateFaults, type FaultState } from './faults/controller.js';
export { createAdminApp } from './faults/admin.js';
export { DEFAULT_ADMIN_TOKEN, DEFAULT_ADMIN_TOKEN_WARNING, resolveAdminToken } from './shared/secrets.js';
export { callFaultAdmin, type FaultReply } from './faults/client.js';
export { callUpstreamAdmin, type UpstreamAction } from './portal/upstream-client.js';
export type { UpstreamCandidate, UpstreamState } from './portal/upstreams.js';
export {
  DEFAULT_VERSION, DEPLOYMENTS_FILE, readDeployments, readDeploymentStatus, validateDeployments, writeDeployments,
  type DeploymentStatus, type Deployments, type InstanceStatus, type ServiceDeployment, type VersionSpec,
} from './orchestrate/deployments.js';
export type { RunningInstance } from './orchestrate/instances.js';
export { createEnrollmentApp, type EnrollmentAppDeps } from './enrollment/app.js';
export { createEnrollmentRules, type EnrollmentRules } from './enrollment/rules.js';
export { createGradesApp, GRADE_VALUES, type GradesAppDeps } from './grades/app.js';
export { createPortalApp, type AdminTarget, type PortalAppDeps } from './portal/app.js';
export { createSessionCodec, SESSION_COOKIE, type Session, type SessionCodec } from './auth/session.js';
export { hashPasswordSync, verifyPassword } from './auth/password.js';
export { SYNTHETIC_HEADER } from './shared/source.js';
export type { Recorder } from './shared/deps.js';
export { runLoad, loadDuration, type LoadOptions, type LoadProgress, type LoadReport } from './load/run-load.js';
export { SCENARIO_NAMES, type EnrollmentChange, type ScenarioName } from './load/scenarios.js';
export { formatSummary, type EndpointSummary } from './load/stats.js';
