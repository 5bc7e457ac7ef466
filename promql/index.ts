/** PromQL parsing and catalogue checks shared by the dashboard linter, alerts and SLOs. */
export { analyzePromql, type QueryAnalysis, type Selector } from './analyze.js';
export { checkPromql, COUNTER_FUNCTIONS, type CheckOptions } from './check.js';
export { substituteGrafanaMacros } from './grafana-macros.js';
