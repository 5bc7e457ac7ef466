import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../src/redact/redactor.js';

/** Student data as it turns up in real traffic: every one must disappear. */
const EMAILS = [
  'alice.nguyen@zeus.edu', 'bob+grades@students.zeus.edu', 'CAROL_O@Zeus.EDU', 'd.o-brien@mail.example.co.uk',
];
const STUDENT_IDS = ['S00012345', 'S99999999', 'S10000001'];

describe('redactor', () => {
  const r = createRedactor();

  it('removes emails and student IDs from free text', () => {
    for (const email of EMAILS) {
      const out = r.string(`contact ${email} now`);
      expect(out, email).not.toContain(email);
      expect(out).toContain('contact [email] now');
    }
    for (const id of STUDENT_IDS) expect(r.string(`student ${id} enrolled`)).toBe('student [student_id] enrolled');
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['GET /courses/CS101', 'enrolled in 2027SP-CS101-01', 'room 12', 'S123', 'version 1.2.3']) {
      expect(r.string(text)).toBe(text);
    }
  });

  it('redacts query values by configured field and by content, including percent-encoded emails', () => {
    const cases: Array<[string, string[]]> = [
      ['/search?email=alice%40zeus.edu&term=2027SP', ['alice', 'zeus.edu']],
      ['/search?q=alice.nguyen%40zeus.edu', ['alice.nguyen']],
      ['/search?q=alice.nguyen@zeus.edu', ['alice.nguyen']],
      ['/lookup?student_id=S00012345', ['S00012345']],
      ['/lookup?id=S00012345', ['S00012345']],
      ['/profile?name=Alice+Nguyen&first_name=Alice&lastName=Nguyen', ['Alice', 'Nguyen']],
      ['/x?token=abc123secret&password=hunter2', ['abc123secret', 'hunter2']],
    ];
    for (const [url, secrets] of cases) {
      const out = r.url(url);
      for (const secret of secrets) expect(out, url).not.toContain(secret);
    }
    expect(r.url('/search?email=alice%40zeus.edu&term=2027SP')).toBe(`/search?email=${REDACTED}&term=2027SP`);
    expect(r.url('/courses?term=2027SP&page=2')).toBe('/courses?term=2027SP&page=2');
  });

  it('redacts emails and student IDs in URL paths', () => {
    expect(r.url('/students/S00012345/grades')).toBe('/students/[student_id]/grades');
    expect(r.url('/users/alice%40zeus.edu')).not.toContain('alice');
    expect(r.url('/users/alice@zeus.edu/profile')).toBe('/users/[email]/profile');
  });

  it('replaces SQL literals with placeholders', () => {
    const sql = r.sql("SELECT * FROM students WHERE email = 'alice@zeus.edu' AND id = 'S00012345' AND credits > 12");
    expect(sql).toBe('SELECT * FROM students WHERE email = ? AND id = ? AND credits > ?');
    expect(r.sql("INSERT INTO t (name) VALUES ('O''Brien')")).toBe('INSERT INTO t (name) VALUES (?)');
    expect(r.sql('SELECT a1, b2 FROM t2 WHERE x = ?')).toBe('SELECT a1, b2 FROM t2 WHERE x = ?');
  });

  it('never returns Authorization, Cookie or Set-Cookie headers and redacts configured ones', () => {
    const out = r.headers({
      Authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': ['a=b'], 'proxy-authorization': 'x',
      'x-api-key': 'k', 'user-agent': 'probe alice@zeus.edu', accept: 'application/json',
    });
    expect(Object.keys(out).sort()).toEqual(['accept', 'user-agent', 'x-api-key']);
    expect(out['x-api-key']).toBe(REDACTED);
    expect(out['user-agent']).toBe('probe [email]');
  });

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

  it('honours a configured student-ID pattern and extra fields', () => {
    const custom = createRedactor({ studentIdPattern: 'U\\d{6}', fields: ['advisor'] });
    expect(custom.string('U123456 and S00012345')).toBe('[student_id] and S00012345');
    expect(custom.url('/x?advisor=Smith')).toBe(`/x?advisor=${REDACTED}`);
  });

  it('keyed-hashes identifiers when a hash key is set, so they correlate without identifying', () => {
    const hashed = createRedactor({ hashKey: 'k1' });
    const a = hashed.string('S00012345');
    expect(a).toMatch(/^\[hash:[0-9a-f]{12}\]$/);
    expect(hashed.string('S00012345')).toBe(a);
    expect(createRedactor({ hashKey: 'k2' }).string('S00012345')).not.toBe(a);
    expect(hashed.string('alice@zeus.edu')).toBe(hashed.string('ALICE%40zeus.edu'));
  });

  it('falls back to the default pattern when the configured one is invalid', () => {
    expect(createRedactor({ studentIdPattern: '([' }).string('S00012345')).toBe('[student_id]');
  });
});
