import { describe, expect, it } from 'vitest';
import { createMasker, MASK } from './mask.js';
import { maskZip, readZip, writeZip } from './zip-mask.js';

describe('createMasker', () => {
  const masker = createMasker(['p@ss word&"1', 'ab']);

  it('masks a password raw, form-encoded, percent-encoded and JSON-escaped', () => {
    expect(masker.mask('typed p@ss word&"1 here')).toBe(`typed ${MASK} here`);
    expect(masker.mask(`password=${new URLSearchParams({ p: 'p@ss word&"1' }).toString().slice(2)}&x=1`)).toBe(`password=${MASK}&x=1`);
    expect(masker.mask(`/login?p=${encodeURIComponent('p@ss word&"1')}`)).toBe(`/login?p=${MASK}`);
    expect(masker.mask(JSON.stringify({ value: 'p@ss word&"1' }))).toBe(`{"value":"${MASK}"}`);
  });

  it('ignores secrets too short to mask safely', () => {
    expect(masker.mask('about ab')).toBe('about ab');
    expect(createMasker([]).active).toBe(false);
  });
});

describe('maskZip', () => {
  it('masks text entries, keeps binary ones, and writes a zip that reads back', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const zip = writeZip([
      { name: 'trace.trace', data: Buffer.from('{"value":"hunter2-secret"}') },
      { name: 'resources/abc.dat', data: Buffer.from('u=a&p=hunter2-secret') },
      { name: 'screencast/page.jpeg', data: png },
    ]);
    const masked = readZip(maskZip(zip, createMasker(['hunter2-secret']).mask));
    expect(masked.map((e) => e.name)).toEqual(['trace.trace', 'resources/abc.dat', 'screencast/page.jpeg']);
    expect(masked[0]!.data.toString()).toBe(`{"value":"${MASK}"}`);
    expect(masked[1]!.data.toString()).toBe(`u=a&p=${MASK}`);
    expect(masked[2]!.data.equals(png)).toBe(true);
  });

  it('rejects what is not a zip', () => {
    expect(() => readZip(Buffer.from('not a zip at all, really not one'))).toThrow(/not a zip/);
  });
});
