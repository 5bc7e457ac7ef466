import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, TRUNCATED } from '../src/redact/index.js';

/** Student data as it turns up in real traffic: every one must disappear. */
const EMAILS = [
  'alice.nguyen@zeus.edu', 'bob+grades@students.zeus.edu', 'CAROL_O@Zeus.EDU', 'd.o-brien@mail.example.co.uk',
];
const STUDENT_IDS = ['S00012345', 'S99999999', 'S10000001'];

describe('redactor: free text', () => {
  const r = createRedactor();

  it('removes emails and student IDs from free text', () => {
    for (const email of EMAILS) {
      const out = r.string(`contact ${email} now`);
      expect(out, email).not.toContain(email);
      expect(out).toContain('contact [email] now');
    }
    for (const id of STUDENT_IDS) expect(r.string(`student ${id} enrolled`)).toBe('student [student_id] enrolled');
  });

  it('finds student IDs next to word characters, in lower case and of other lengths', () => {
    expect(r.string('student_S00000001')).toBe('student_[student_id]');
    expect(r.string('S00000001_grades')).toBe('[student_id]_grades');
    expect(r.string('idS00000001x')).toBe('id[student_id]x');
    expect(r.string('s00000001')).toBe('[student_id]');
    expect(r.string('legacy S1234567 and S0000000001')).toBe('legacy [student_id] and [student_id]');
    expect(r.string('/students/s00012345/grades')).toBe('/students/[student_id]/grades');
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['GET /courses/CS101', 'enrolled in 2027SP-CS101-01', 'room 12', 'S123', 'version 1.2.3', 'express@5.3.0', 'a@b']) {
      expect(r.string(text)).toBe(text);
    }
  });

  it('finds percent-encoded emails and emails glued to other text', () => {
    expect(r.string('q=alice%40zeus.edu')).toBe('q=[email]');
    expect(r.string('<alice@zeus.edu>,bob@zeus.edu.')).toBe('<[email]>,[email].');
  });

  it('cuts long values before redacting, dropping the token the cut falls in', () => {
    const small = createRedactor({ maxValueLength: 64 });
    const text = `${'x '.repeat(28)}alice.nguyen@zeus.edu and more`;
    const out = small.string(text);
    expect(out.endsWith(TRUNCATED)).toBe(true);
    expect(out).not.toContain('alice');
    expect(out).not.toContain('nguyen');
    expect(small.string(`${'a'.repeat(60)} S00012345`)).toBe(`${'a'.repeat(60)} ${TRUNCATED}`);
  });
});

describe('redactor: URLs and query strings', () => {
  const r = createRedactor();

  it('redacts every query value outside the allowlist and keeps the keys', () => {
    expect(r.url('/search?email=alice%40zeus.edu&term=2027SP')).toBe(`/search?email=${REDACTED}&term=2027SP`);
    expect(r.url('/courses?term=2027SP&page=2')).toBe('/courses?term=2027SP&page=2');
    expect(r.url('/x?student=Alice+Nguyen&studentName=Alice&q=Nguyen&term=2027SP')).toBe(
      `/x?student=${REDACTED}&studentName=${REDACTED}&q=${REDACTED}&term=2027SP`,
    );
    expect(r.query('token=abc&page=3&flag')).toBe(`token=${REDACTED}&page=3&flag`);
  });

  it('still scans allowlisted values and query keys for emails and IDs', () => {
    expect(r.url('/x?term=S00012345')).toBe('/x?term=%5Bstudent_id%5D');
    expect(r.url('/x?alice%40zeus.edu=1&S00012345')).toBe(`/x?[email]=${REDACTED}&[student_id]`);
  });

  it('lets the query allowlist be configured', () => {
    const custom = createRedactor({ queryAllowlist: ['course'] });
    expect(custom.url('/x?course=CS101&term=2027SP')).toBe(`/x?course=CS101&term=${REDACTED}`);
  });

  it('redacts emails and student IDs in URL paths', () => {
    expect(r.url('/students/S00012345/grades')).toBe('/students/[student_id]/grades');
    expect(r.url('/users/alice%40zeus.edu')).not.toContain('alice');
    expect(r.url('/users/alice@zeus.edu/profile')).toBe('/users/[email]/profile');
  });
});

describe('redactor: field names', () => {
  const r = createRedactor();

  it('matches normalised names by substring', () => {
    for (const name of ['studentName', 'x-student-email', 'Student_ID', 'student', 'EMAIL', 'userEmail', 'full_name', 'ssn',
      'student.dob', 'dateOfBirth', 'refresh_token', 'x-api-token', 'newPassword', 'client_secret', 'sid', 'gpa']) {
      expect(r.isSensitiveField(name), name).toBe(true);
    }
    for (const name of ['term', 'credits', 'section', 'course', 'service.name', 'db.collection.name', 'count']) {
      expect(r.isSensitiveField(name), name).toBe(false);
    }
  });

  it('takes extra substrings and safe names', () => {
    const custom = createRedactor({ fields: ['advisor'], safeFields: ['courseName'] });
    expect(custom.isSensitiveField('advisorOffice')).toBe(true);
    expect(custom.isSensitiveField('courseName')).toBe(false);
    expect(custom.isSensitiveField('studentName')).toBe(true);
  });
});

describe('redactor: headers', () => {
  it('captures only allowlisted headers, never credentials, and redacts sensitive ones', () => {
    const r = createRedactor();
    const out = r.headers({
      Authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': ['a=b'], 'proxy-authorization': 'x',
      'x-api-key': 'k', 'x-student-email': 'a@zeus.edu', 'x-custom': 'value', 'user-agent': 'probe alice@zeus.edu', accept: 'application/json',
    });
    expect(out).toEqual({ accept: 'application/json', 'user-agent': 'probe [email]' });
    const wider = createRedactor({ captureHeaders: ['x-student-email', 'authorization', 'x-custom'] });
    expect(wider.headers({ 'X-Student-Email': 'a@zeus.edu', authorization: 'Bearer x', 'x-custom': 'S00012345' })).toEqual({
      'x-student-email': REDACTED, 'x-custom': '[student_id]',
    });
  });
});

describe('redactor: SQL', () => {
  it('replaces SQL literals with placeholders', () => {
    const r = createRedactor();
    const sql = r.sql("SELECT * FROM students WHERE email = 'alice@zeus.edu' AND id = 'S00012345' AND credits > 12");
    expect(sql).toBe('SELECT * FROM students WHERE email = ? AND id = ? AND credits > ?');
    expect(r.sql("INSERT INTO t (name) VALUES ('O''Brien')")).toBe('INSERT INTO t (name) VALUES (?)');
    expect(r.sql('SELECT a1, b2 FROM t2 WHERE x = ?')).toBe('SELECT a1, b2 FROM t2 WHERE x = ?');
  });
});

describe('redactor: objects and errors', () => {
  const r = createRedactor();

  it('redacts log fields by name and by content without touching the original object', () => {
    const input = { studentId: 'S00012345', Email: 'a@zeus.edu', note: 'from bob@zeus.edu', credits: 12, term: '2027SP' };
    const out = r.fields(input);
    expect(out).toEqual({ studentId: REDACTED, Email: REDACTED, note: 'from [email]', credits: 12, term: '2027SP' });
    expect(input.studentId).toBe('S00012345');
    const nested = { req: { query: { email: 'x@zeus.edu', q: 'S00012345' }, list: ['a@zeus.edu'] } };
    expect(r.fields(nested)).toEqual({ req: { query: { email: REDACTED, q: '[student_id]' }, list: ['[email]'] } });
    expect(nested.req.query.email).toBe('x@zeus.edu');
    const clean = { term: '2027SP', count: 3, nested: { a: 1 } };
    expect(r.fields(clean)).toBe(clean);
  });

  it('replaces array items past the limit and objects past the depth limit with a marker', () => {
    const list = Array.from({ length: 150 }, (_, i) => (i < 100 ? `item ${i}` : `S0000${1000 + i}`));
    const out = r.fields({ list }).list as unknown[];
    expect(out).toHaveLength(101);
    expect(out[100]).toBe(TRUNCATED);
    expect(JSON.stringify(out)).not.toMatch(/S0000\d{4}/);
    const deep = { a: { b: { c: { d: { e: { f: 'S00012345', g: 'ok' } } } } } };
    const redacted = JSON.stringify(r.fields(deep));
    expect(redacted).not.toContain('S00012345');
    expect(redacted).toContain(TRUNCATED);
  });

  it('redacts keys that hold student data', () => {
    expect(r.fields({ 'alice@zeus.edu': 1, byId: { S00012345: 'A' } })).toEqual({ '[email]': 1, byId: { '[student_id]': 'A' } });
  });

  it('serialises errors with their message, stack and cause redacted, quoted input scrubbed', () => {
    const cause = new Error('lookup of alice@zeus.edu failed');
    const error = Object.assign(new Error(`Unexpected token 'S', "S00000001 Alice Nguyen" is not valid JSON`, { cause }), {
      code: 'E_PARSE', detail: 'Key (name)=(Alice Nguyen) already exists',
    });
    const out = r.error(error);
    expect(out.type).toBe('Error');
    expect(out.code).toBe('E_PARSE');
    expect(out.message).toBe(`Unexpected token '?', "?" is not valid JSON`);
    const text = JSON.stringify(out);
    for (const secret of ['Alice', 'Nguyen', 'S00000001', 'alice@zeus.edu']) expect(text, secret).not.toContain(secret);
    expect(out.stack).toContain('redaction.test.ts');
    expect(out.cause).toMatchObject({ type: 'Error', message: 'lookup of [email] failed' });
    expect(r.fields({ err: error }).err).toEqual(out);
  });
});

describe('redactor: settings', () => {
  it('honours a configured student-ID pattern, case-insensitively, and extra fields', () => {
    const custom = createRedactor({ studentIdPattern: 'U\\d{6}', fields: ['advisor'] });
    expect(custom.string('U123456 and u654321, S00012345')).toBe('[student_id] and [student_id], S00012345');
    expect(custom.url('/x?advisor=Smith')).toBe(`/x?advisor=${REDACTED}`);
  });

  it('keyed-hashes identifiers when a hash key is set, so they correlate without identifying', () => {
    const hashed = createRedactor({ hashKey: 'k1' });
    const a = hashed.string('S00012345');
    expect(a).toMatch(/^\[hash:[0-9a-f]{12}\]$/);
    expect(hashed.string('S00012345')).toBe(a);
    expect(hashed.string('s00012345')).toBe(a);
    expect(createRedactor({ hashKey: 'k2' }).string('S00012345')).not.toBe(a);
    expect(hashed.string('alice@zeus.edu')).toBe(hashed.string('ALICE%40zeus.edu'));
  });

  it('warns and falls back to the default pattern when the configured one is unusable', () => {
    for (const pattern of ['([', '(?<=x)S\\d+', 'x*']) {
      const warnings: string[] = [];
      const r = createRedactor({ studentIdPattern: pattern, warn: (m) => warnings.push(m) });
      expect(r.string('S00012345'), pattern).toBe('[student_id]');
      expect(warnings, pattern).toHaveLength(1);
    }
  });
});
