/** The demo accounts every seed contains; documented in demo/README.md. */

/**
 * Who an account is, for the portal and the synthetic journeys. `auditor` is read-only staff:
 * it may open the registrar report and nothing else (no fault injection, no rosters or grades).
 */
export type DemoRole = 'student' | 'faculty' | 'registrar' | 'auditor';

/** One seeded login. */
export interface DemoAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: DemoRole;
  readonly name: string;
  /** Synthetic-monitoring account: its traffic is recorded with `source="synthetic"`. */
  readonly synthetic: boolean;
  /** What the account is set up to show in the demo. */
  readonly note: string;
}

/** Password of every generated (non-demo) student, `student<N>@zeus.test`. */
export const GENERATED_STUDENT_PASSWORD = 'zeus-student';
/** Password of every generated faculty member, `faculty<N>@zeus.test`. */
export const GENERATED_FACULTY_PASSWORD = 'zeus-faculty';

/** The hand-made accounts, the same in every seed size. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: 'S00000001', email: 'alice@zeus.test', password: 'alice-demo', role: 'student', name: 'Alice Lovelace', synthetic: false,
    note: 'completed CS101 (may take CS201); enrolled in MATH101-01, so PHYS101-01 is a time conflict',
  },
  {
    id: 'S00000002', email: 'bob@zeus.test', password: 'bob-demo', role: 'student', name: 'Bob Hopper', synthetic: false,
    note: 'no completed courses: CS201 is refused for the missing prerequisite; ART101-01 is full (waitlist)',
  },
  {
    id: 'F0001', email: 'ada@zeus.test', password: 'ada-demo', role: 'faculty', name: 'Ada Turing', synthetic: false,
    note: 'instructor of record of MATH101-01 and CS201-01: rosters and grade submission',
  },
  {
    id: 'F0002', email: 'registrar@zeus.test', password: 'registrar-demo', role: 'registrar', name: 'Grace Registrar', synthetic: false,
    note: 'registrar: the admin page with fault injection',
  },
  {
    id: 'S00000003', email: 'synthetic.student@zeus.test', password: 'synthetic-demo', role: 'student', name: 'Synthetic Student', synthetic: true,
    note: 'synthetic monitoring: enrolls in and drops the sandbox section',
  },
  {
    id: 'F0003', email: 'synthetic.faculty@zeus.test', password: 'synthetic-demo', role: 'faculty', name: 'Synthetic Faculty', synthetic: true,
    note: 'synthetic monitoring: instructor of record of the sandbox section',
  },
  {
    id: 'S00000004', email: 'synthetic.roster@zeus.test', password: 'synthetic-demo', role: 'student', name: 'Synthetic Roster', synthetic: true,
    note: 'synthetic monitoring: on the sandbox roster with the baseline grade I, so faculty-grades can submit a grade and revert it',
  },
  {
    id: 'A0001', email: 'synthetic.auditor@zeus.test', password: 'synthetic-demo', role: 'auditor', name: 'Synthetic Auditor', synthetic: true,
    note: 'synthetic monitoring: read-only registrar report for the registrar-report journey (no fault injection, no rosters, no admin)',
  },
];

/** Email of the i-th generated student (1-based); the load scenarios log in as these. */
export function generatedStudentEmail(index: number): string {
  return `student${index}@zeus.test`;
}

/** Email of the i-th generated faculty member (1-based). */
export function generatedFacultyEmail(index: number): string {
  return `faculty${index}@zeus.test`;
}

/**
 * Generated students who have not registered for the current term yet (every fourth: 4, 8,
 * 12...): their schedules are empty, so the registration-opening load enrolls them.
 */
export function isUnregisteredStudent(index: number): boolean {
  return index % 4 === 0;
}
