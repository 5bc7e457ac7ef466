/**
 * Environments as code: one typed definition of where each environment's links, pages, tickets
 * and data sources point (`local`, `compose`, `staging`, `production`), their validation, and the
 * Zeus values. The composition root (`generate/`) turns each into the libraries' inputs and
 * writes its artifacts to `generated/<name>/`.
 */
export { ENVIRONMENT_NAMES, type Environment, type EnvironmentName, type EnvironmentProbes, type Environments, type ProbedService } from './types.js';
export { loopbackMentions } from './loopback.js';
export { validateEnvironments } from './validate.js';
export { DEFAULT_RUNBOOK_BASE_URL, ZEUS_ENVIRONMENTS, zeusEnvironments } from './zeus.environments.js';
