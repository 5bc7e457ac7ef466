/**
 * Label matchers shared by the Zeus dashboards, defined once. Each is typed by the labels it
 * names, so it can only be applied to metrics that have them.
 */
import { APP_SERVICES, STACK_COMPONENTS, SERVICES } from '../ownership/index.js';
import { eq, ne, re, type LabelMatcher } from '../promql/index.js';

/** The `$service` variable (service detail dashboard). */
export const SERVICE_VARIABLE = { service: re('$service') } as const satisfies Record<string, LabelMatcher>;
/** The `$service` and `$instance` variables (service detail dashboard). */
export const SERVICE_INSTANCE_VARIABLES = { service: re('$service'), instance: re('$instance') } as const satisfies Record<string, LabelMatcher>;
/** The `$term` variable (enrollment and grades dashboards; "All" is `.*`). */
export const TERM_VARIABLE = { term: re('$term') } as const satisfies Record<string, LabelMatcher>;

/** One Zeus service by name. */
export function service(name: string): { readonly service: LabelMatcher } {
  return { service: eq(name) };
}
/** The services that serve users (portal, enrollment, grades). */
export const APP_SERVICE_SELECTOR = { service: re(APP_SERVICES.join('|')) } as const satisfies Record<string, LabelMatcher>;
/** The business exporter's own series. */
export const BUSINESS_EXPORTER = { service: eq('business-exporter') } as const satisfies Record<string, LabelMatcher>;
/** Every Zeus scrape job. */
export const ZEUS_JOBS = {
  job: re([...new Set(Object.values(SERVICES).map((s) => s.job))].sort().join('|')),
} as const satisfies Record<string, LabelMatcher>;

/** Real users only: synthetic probes and monitoring accounts would distort business views. */
export const REAL_USERS = { source: ne('synthetic') } as const satisfies Record<string, LabelMatcher>;

/** Server errors (5xx); 4xx are the client's doing and do not count against a service. */
export const SERVER_ERRORS = { http_response_status_code: re('5..') } as const satisfies Record<string, LabelMatcher>;
/** Outgoing calls that failed: a 5xx answer or no answer at all (error_type set). */
export const CLIENT_FAILURES = { error_type: re('.+') } as const satisfies Record<string, LabelMatcher>;

/** Enrollment outcomes that are a business rule saying no (not a system error). */
export const REJECTIONS = { outcome: re('rejected_.*') } as const satisfies Record<string, LabelMatcher>;
/** Enrollment and grade outcomes that are system failures. */
export const OUTCOME_ERROR = { outcome: eq('error') } as const satisfies Record<string, LabelMatcher>;

/** node_exporter's series of the hosts picked in the `$instance` variable (hosts dashboard). */
export const HOST_VARIABLE = { job: eq(STACK_COMPONENTS['node-exporter'].job), instance: re('$instance') } as const satisfies Record<string, LabelMatcher>;
/** node_exporter's series of every host. */
export const HOSTS = { job: eq(STACK_COMPONENTS['node-exporter'].job) } as const satisfies Record<string, LabelMatcher>;
