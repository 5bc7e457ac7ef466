import { HTTP_DURATION_BUCKETS } from './buckets.js';
import { defineMetric } from './types.js';

/** `user` for real people; `synthetic` for monitoring accounts and tagged probe traffic. */
export const TRAFFIC_SOURCES = ['user', 'synthetic'] as const;

export const ENROLLMENT_OUTCOMES = [
  'enrolled',
  'waitlisted',
  'rejected_full',
  'rejected_prerequisite',
  'rejected_conflict',
  'rejected_credit_limit',
  'rejected_duplicate',
  'rejected_window_closed',
  'error',
] as const;

export const GRADE_SUBMISSION_OUTCOMES = ['accepted', 'rejected', 'error'] as const;
export const LOGIN_OUTCOMES = ['success', 'failure'] as const;
/** Account roles; `auditor` is read-only staff (the registrar report), `unknown` an email with no account. */
export const ROLES = ['student', 'faculty', 'registrar', 'auditor', 'unknown'] as const;
/**
 * Why a login was refused before its password was checked: the `account` or the client `ip`
 * is backing off after failed logins, or the password-check queue was full (`busy`).
 */
export const LOGIN_THROTTLE_SCOPES = ['account', 'ip', 'busy'] as const;
export const FAULT_KINDS = ['latency', 'error_rate', 'db_slow', 'down'] as const;

/** Enrollment attempts by outcome; `error` is a system failure, `rejected_*` a business rule. */
export const enrollmentAttempts = defineMetric({
  name: 'zeus_enrollment_attempts_total', kind: 'counter', unit: 'attempts',
  help: 'Enrollment attempts, by term and outcome.',
  labels: { term: 'free', outcome: ENROLLMENT_OUTCOMES, source: TRAFFIC_SOURCES },
  producer: 'service',
});
export const enrollmentDuration = defineMetric({
  name: 'zeus_enrollment_duration_seconds', kind: 'histogram', unit: 'seconds',
  help: 'Time to decide an enrollment attempt, from request to committed outcome.',
  labels: { term: 'free', outcome: ENROLLMENT_OUTCOMES, source: TRAFFIC_SOURCES },
  buckets: HTTP_DURATION_BUCKETS, producer: 'service',
});
export const enrollmentDrops = defineMetric({
  name: 'zeus_enrollment_drops_total', kind: 'counter', unit: 'drops',
  help: 'Enrollments dropped by students.',
  labels: { term: 'free', source: TRAFFIC_SOURCES }, producer: 'service',
});
export const waitlistPromotions = defineMetric({
  name: 'zeus_waitlist_promotions_total', kind: 'counter', unit: 'promotions',
  help: 'Waitlisted students promoted into a freed seat.',
  labels: { term: 'free', source: TRAFFIC_SOURCES }, producer: 'service',
});
export const gradeSubmissions = defineMetric({
  name: 'zeus_grade_submissions_total', kind: 'counter', unit: 'submissions',
  help: 'Grade submissions, by term and outcome.',
  labels: { term: 'free', outcome: GRADE_SUBMISSION_OUTCOMES, source: TRAFFIC_SOURCES },
  producer: 'service',
});
export const logins = defineMetric({
  name: 'zeus_logins_total', kind: 'counter', unit: 'logins',
  help: 'Login attempts, by outcome; failures are a security signal.',
  labels: { outcome: LOGIN_OUTCOMES, role: ROLES, source: TRAFFIC_SOURCES },
  producer: 'service',
});
export const loginThrottled = defineMetric({
  name: 'zeus_login_throttled_total', kind: 'counter', unit: 'attempts',
  help: 'Login attempts refused with 429 before the password was checked, by scope (account or ip backing off after failed logins, busy password checks).',
  labels: { scope: LOGIN_THROTTLE_SCOPES, source: TRAFFIC_SOURCES },
  producer: 'service',
});
export const faultInjectionActive = defineMetric({
  name: 'zeus_fault_injection_active', kind: 'gauge', unit: 'boolean',
  help: '1 while a drill fault of this kind is injected into the service, else 0.',
  labels: { kind: FAULT_KINDS }, producer: 'service',
});
