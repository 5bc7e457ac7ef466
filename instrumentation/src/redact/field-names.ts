/**
 * Which field names (log fields, query parameters, headers, JSON keys) hold data that must be
 * replaced whatever its value. Names are normalised (lower case, letters and digits only), so
 * `studentName`, `x-student-email`, `Student_ID` and `student.email` all contain `student`.
 */

/** Substrings of a normalised field name that make the field sensitive. */
export const DEFAULT_SENSITIVE_SUBSTRINGS: readonly string[] = [
  'student', 'email', 'mail', 'name', 'ssn', 'dob', 'birth', 'token', 'password', 'passwd', 'secret',
  'phone', 'address', 'apikey', 'authorization', 'cookie', 'session', 'credential',
];

/** Normalised names sensitive only as whole names (too short to match as substrings). */
export const DEFAULT_SENSITIVE_EXACT: readonly string[] = ['sid', 'pwd', 'gpa', 'grade', 'grades', 'auth'];

/**
 * Normalised names that contain a sensitive substring but describe the system, not a person:
 * OpenTelemetry resource and attribute names.
 */
export const DEFAULT_SAFE_FIELDS: readonly string[] = [
  'service.name', 'service.namespace', 'host.name', 'hostname', 'db.system.name', 'db.operation.name',
  'db.collection.name', 'db.namespace', 'deployment.environment.name', 'process.runtime.name',
  'telemetry.sdk.name', 'span.name', 'event.name', 'feature_flag.provider_name', 'server.address',
];

/** Lower case, letters and digits only. */
export function normaliseField(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Decides (and memoises) whether a field name is sensitive. */
export interface FieldPolicy {
  isSensitive(name: string): boolean;
}

/** Names decided per policy before the memo stops growing (field names repeat; attacker-chosen ones must not grow memory). */
const MEMO_LIMIT = 2000;

/**
 * A policy: sensitive when the normalised name contains a default or `extra` substring, or is
 * one of the exact names, unless it is one of the safe names (defaults plus `safe`).
 */
export function createFieldPolicy(extra: readonly string[] = [], safe: readonly string[] = []): FieldPolicy {
  const substrings = [...new Set([...DEFAULT_SENSITIVE_SUBSTRINGS, ...extra].map(normaliseField).filter(Boolean))];
  const exact = new Set(DEFAULT_SENSITIVE_EXACT);
  const safeNames = new Set([...DEFAULT_SAFE_FIELDS, ...safe].map(normaliseField));
  const decide = (name: string): boolean => {
    const n = normaliseField(name);
    if (safeNames.has(n)) return false;
    if (exact.has(n)) return true;
    for (const s of substrings) if (n.includes(s)) return true;
    return false;
  };
  const memo = new Map<string, boolean>();
  return {
    isSensitive(name) {
      let sensitive = memo.get(name);
      if (sensitive === undefined) {
        sensitive = decide(name);
        if (memo.size < MEMO_LIMIT) memo.set(name, sensitive);
      }
      return sensitive;
    },
  };
}
