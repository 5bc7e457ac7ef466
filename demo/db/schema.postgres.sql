-- Zeus Academia reference schema, PostgreSQL edition of schema.sql: the same tables, columns,
-- keys and checks (a test compares the two), with unix-second times as BIGINT. Flags stay
-- INTEGER 0/1 so both databases return the same rows. Applied under an advisory lock, so
-- services starting together cannot race each other's CREATE TABLE.

CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS terms (
  id                 TEXT PRIMARY KEY,            -- e.g. 2027SP, used as the `term` label
  name               TEXT NOT NULL,
  starts_at          BIGINT  NOT NULL,
  ends_at            BIGINT  NOT NULL,
  enrollment_opens_at  BIGINT  NOT NULL,
  enrollment_closes_at BIGINT  NOT NULL,
  grade_deadline_at  BIGINT  NOT NULL,
  credit_limit       INTEGER NOT NULL DEFAULT 18
);

CREATE TABLE IF NOT EXISTS departments (
  id     TEXT PRIMARY KEY,                         -- e.g. CS
  name   TEXT NOT NULL,
  campus TEXT NOT NULL                             -- bounded: main, north, online
);

CREATE TABLE IF NOT EXISTS courses (
  id            TEXT PRIMARY KEY,                  -- e.g. CS101
  department_id TEXT NOT NULL REFERENCES departments(id),
  title         TEXT NOT NULL,
  credits       INTEGER NOT NULL CHECK (credits BETWEEN 0 AND 6)
);

CREATE TABLE IF NOT EXISTS prerequisites (
  course_id   TEXT NOT NULL REFERENCES courses(id),
  requires_id TEXT NOT NULL REFERENCES courses(id),
  PRIMARY KEY (course_id, requires_id)
);

CREATE TABLE IF NOT EXISTS faculty (
  id            TEXT PRIMARY KEY,                  -- e.g. F0001
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  department_id TEXT NOT NULL REFERENCES departments(id),
  password_hash TEXT NOT NULL,                     -- scrypt$N$r$p$salt$hash
  role          TEXT NOT NULL DEFAULT 'faculty' CHECK (role IN ('faculty', 'registrar')),
  is_synthetic  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS students (
  id            TEXT PRIMARY KEY,                  -- e.g. S00012345
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_synthetic  INTEGER NOT NULL DEFAULT 0         -- synthetic-monitoring accounts
);

CREATE TABLE IF NOT EXISTS sections (
  id            TEXT PRIMARY KEY,                  -- e.g. 2027SP-CS101-01
  term_id       TEXT NOT NULL REFERENCES terms(id),
  course_id     TEXT NOT NULL REFERENCES courses(id),
  instructor_id TEXT NOT NULL REFERENCES faculty(id),
  capacity      INTEGER NOT NULL CHECK (capacity >= 0),
  waitlist_capacity INTEGER NOT NULL DEFAULT 20,
  enrolled_count INTEGER NOT NULL DEFAULT 0 CHECK (enrolled_count >= 0 AND enrolled_count <= capacity),
  days          TEXT NOT NULL,                     -- e.g. MWF
  start_minute  INTEGER NOT NULL,                  -- minutes after midnight
  end_minute    INTEGER NOT NULL,
  room          TEXT NOT NULL,
  is_sandbox    INTEGER NOT NULL DEFAULT 0         -- reserved for synthetic journeys
);
CREATE INDEX IF NOT EXISTS sections_term ON sections(term_id);
CREATE INDEX IF NOT EXISTS sections_course ON sections(course_id);

CREATE TABLE IF NOT EXISTS enrollments (
  student_id  TEXT NOT NULL REFERENCES students(id),
  section_id  TEXT NOT NULL REFERENCES sections(id),
  enrolled_at BIGINT  NOT NULL,
  PRIMARY KEY (student_id, section_id)
);
CREATE INDEX IF NOT EXISTS enrollments_section ON enrollments(section_id);

CREATE TABLE IF NOT EXISTS waitlists (
  student_id TEXT NOT NULL REFERENCES students(id),
  section_id TEXT NOT NULL REFERENCES sections(id),
  position   INTEGER NOT NULL,
  added_at   BIGINT  NOT NULL,
  PRIMARY KEY (student_id, section_id)
);
CREATE INDEX IF NOT EXISTS waitlists_section ON waitlists(section_id, position);

-- Completed courses (for prerequisites) and submitted grades share this table: a row with a
-- grade for a past term's section is a completed course.
CREATE TABLE IF NOT EXISTS grades (
  student_id   TEXT NOT NULL REFERENCES students(id),
  section_id   TEXT NOT NULL REFERENCES sections(id),
  grade        TEXT NOT NULL CHECK (grade IN ('A','A-','B+','B','B-','C+','C','C-','D+','D','F','P','NP','I','W')),
  submitted_by TEXT NOT NULL REFERENCES faculty(id),
  submitted_at BIGINT  NOT NULL,
  PRIMARY KEY (student_id, section_id)
);
CREATE INDEX IF NOT EXISTS grades_section ON grades(section_id);

-- Sessions revoked by logout before they expire (session id, expiry in unix seconds). Every
-- service that verifies sessions checks it, so a logged-out token is refused everywhere.
CREATE TABLE IF NOT EXISTS revoked_sessions (
  jti        TEXT PRIMARY KEY,
  expires_at BIGINT  NOT NULL
);

-- Staff who are neither students nor faculty. `auditor`: read-only access to the registrar
-- report (no fault injection, no rosters or grades); the synthetic registrar-report journey
-- signs in as one.
CREATE TABLE IF NOT EXISTS staff (
  id            TEXT PRIMARY KEY,                  -- e.g. A0001
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('auditor')),
  is_synthetic  INTEGER NOT NULL DEFAULT 0
);
