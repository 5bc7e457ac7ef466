/**
 * Capacity planning from Prometheus: which resources (host filesystems and memory, the database
 * volume) run out when at their measured growth, and the headroom each needs to last through the
 * next critical period of the academic calendar. `zeus-obs capacity report` prints it.
 */
export { capacityReport } from './forecast.js';
export { fetchResources } from './fetch.js';
export { formatCapacityReport } from './format.js';
