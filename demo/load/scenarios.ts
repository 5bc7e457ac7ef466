import { GENERATED_FACULTY_PASSWORD, GENERATED_STUDENT_PASSWORD, generatedFacultyEmail, generatedStudentEmail } from '../db/accounts.js';
import { GRADE_VALUES } from '../grades/app.js';
import { dataAttributes, type PortalClient } from './portal-client.js';

/** The peak-load scenarios of the academic year. */
export const SCENARIO_NAMES = ['registration-opening', 'finals-week', 'grade-deadline'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** One virtual user: its portal session and what it has learned so far. */
export interface VirtualUser {
  client: PortalClient;
  /** 1-based index of the generated account it is signed in as. */
  index: number;
  /** The index of the next account this virtual user signs in as. */
  next(): number;
  enrolled: string[];
  /** Told of each enrollment the portal acknowledged, and of each drop asked for (drills check the database against them). */
  onEnrollment?(change: EnrollmentChange): void;
  sections: string[];
  roster: Map<string, string[]>;
}

/** An enrollment a student was told succeeded, or a drop one asked for (whatever its answer). */
export interface EnrollmentChange {
  action: 'enrolled' | 'drop-requested';
  /** The signed-in student's e-mail (a generated account). */
  studentEmail: string;
  sectionId: string;
}

/** A scenario: how a virtual user signs in, then what one step of its traffic is. */
export interface Scenario {
  name: ScenarioName;
  description: string;
  /**
   * Run once by one signed-in user before the load, e.g. to find the popular sections. Never
   * fails the run because a service is faulted: its failed requests count as errors, and it
   * returns a note saying what the scenario falls back to.
   */
  prepare?(client: PortalClient): Promise<string | undefined>;
  setup(user: VirtualUser): Promise<void>;
  step(user: VirtualUser, random: () => number): Promise<void>;
}

const pick = <T>(items: readonly T[], random: () => number): T | undefined => items[Math.floor(random() * items.length)];
const studentLogin = (user: VirtualUser) => user.client.login(generatedStudentEmail(user.index), GENERATED_STUDENT_PASSWORD);
/** Opening day signs in students who have not registered yet: the k-th of them is account 4k. */
/** Opening day's account of a virtual user: the unregistered quarter (student4, student8...). */
const studentEmailOf = (user: VirtualUser) => generatedStudentEmail(4 * user.index);
const newStudentLogin = (user: VirtualUser) => user.client.login(studentEmailOf(user), GENERATED_STUDENT_PASSWORD);

/** Sections in a search page, split by whether they still have seats. */
function sectionsOf(html: string): { open: string[]; full: string[] } {
  const open: string[] = [];
  const full: string[] = [];
  for (const row of html.split('<tr data-section="').slice(1)) {
    const id = row.slice(0, row.indexOf('"'));
    (row.includes('>Enroll</button>') ? open : full).push(id);
  }
  return { open, full };
}

/** A dozen popular introductory sections (some full) from searches for 101, 102...; empty when search fails. */
async function findPopularSections(client: PortalClient, searches: number): Promise<string[]> {
  const open: string[] = [];
  const full: string[] = [];
  for (let n = 1; n <= searches && (open.length < 8 || full.length < 4); n++) {
    const { body } = await client.request('GET /search', 'GET', `/search?q=${100 + n}`);
    const found = sectionsOf(body);
    open.push(...found.open);
    full.push(...found.full);
  }
  return [...open.slice(0, 12 - Math.min(4, full.length)), ...full.slice(0, 4)];
}

/**
 * Opening day: a stream of students signing in (each virtual user is a new student every few
 * steps), searching and enrolling into a dozen popular introductory sections, some already
 * full, that fill and waitlist while the run goes on. While search fails (enrollment faulted or
 * down), an enroll step searches again instead, counted like any failing request, and the
 * students enroll as soon as a search finds sections.
 */
function registrationOpening(): Scenario {
  let popular: string[] = [];
  const queries = ['101', 'CS', 'MATH', 'Introduction', 'HIST1', 'ART'];
  return {
    name: 'registration-opening',
    description: 'login stream, course searches, enrollments into popular sections (which fill, then waitlist), schedules, a few drops',
    async prepare(client) {
      popular = await findPopularSections(client, 10);
      return popular.length > 0 ? undefined
        : 'the portal search found no 100-level sections (is enrollment faulted or down?): searching again on each enroll step, failures counted as errors';
    },
    setup: async (user) => void (await newStudentLogin(user)),
    async step(user, random) {
      const r = random();
      if (r < 0.08) {
        // The next student of this virtual user signs in.
        user.index = user.next();
        user.enrolled = [];
        await newStudentLogin(user);
      } else if (r < 0.36) await user.client.request('GET /search', 'GET', `/search?q=${encodeURIComponent(pick(queries, random)!)}`);
      else if (r < 0.8) {
        if (popular.length === 0) popular = await findPopularSections(user.client, 1);
        const sectionId = pick(popular, random);
        if (!sectionId) return;
        const { location } = await user.client.request('POST /enroll', 'POST', '/enroll', { sectionId, q: '101' });
        if (location.includes('ok=enrolled')) {
          user.enrolled.push(sectionId);
          user.onEnrollment?.({ action: 'enrolled', studentEmail: studentEmailOf(user), sectionId });
        }
      } else if (r < 0.95 || user.enrolled.length === 0) await user.client.request('GET /schedule', 'GET', '/schedule');
      else {
        const sectionId = user.enrolled.shift()!;
        user.onEnrollment?.({ action: 'drop-requested', studentEmail: studentEmailOf(user), sectionId });
        await user.client.request('POST /drop', 'POST', '/drop', { sectionId });
      }
    },
  };
}

/** Finals week: students checking grades and schedules. */
function finalsWeek(): Scenario {
  return {
    name: 'finals-week',
    description: 'grade views, schedule views and some logins',
    setup: async (user) => void (await studentLogin(user)),
    async step(user, random) {
      const r = random();
      if (r < 0.1) await studentLogin(user);
      else if (r < 0.7) await user.client.request('GET /grades', 'GET', '/grades');
      else await user.client.request('GET /schedule', 'GET', '/schedule');
    },
  };
}

/** Grade deadline: faculty opening rosters and submitting grades (a few invalid). */
function gradeDeadline(): Scenario {
  const viewRoster = async (user: VirtualUser, section: string) => {
    const { body } = await user.client.request('GET /roster/:id', 'GET', `/roster/${encodeURIComponent(section)}`);
    user.roster.set(section, dataAttributes(body, 'student'));
  };
  return {
    name: 'grade-deadline',
    description: 'faculty section lists, roster views and grade submissions (3% with an invalid grade)',
    async setup(user) {
      if (!(await user.client.login(generatedFacultyEmail(user.index), GENERATED_FACULTY_PASSWORD))) return;
      const { body } = await user.client.request('GET /teaching', 'GET', '/teaching');
      user.sections = [...body.matchAll(/href="\/roster\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    },
    async step(user, random) {
      const r = random();
      const viewed = [...user.roster].filter(([, students]) => students.length > 0).map(([id]) => id);
      const section = r < 0.6 || viewed.length === 0 ? pick(user.sections, random) : pick(viewed, random);
      if (!section || r < 0.2) await user.client.request('GET /teaching', 'GET', '/teaching');
      else if (r < 0.6 || !user.roster.get(section)?.length) await viewRoster(user, section);
      else {
        const form: Record<string, string> = {};
        for (const student of user.roster.get(section)!) form[`grade:${student}`] = pick(GRADE_VALUES.slice(0, 11), random)!;
        if (random() < 0.03) form[`grade:${user.roster.get(section)![0]}`] = 'Z';
        await user.client.request('POST /roster/:id', 'POST', `/roster/${encodeURIComponent(section)}`, form);
      }
    },
  };
}

/** A fresh scenario by name. */
export function scenario(name: ScenarioName): Scenario {
  return name === 'registration-opening' ? registrationOpening() : name === 'finals-week' ? finalsWeek() : gradeDeadline();
}
