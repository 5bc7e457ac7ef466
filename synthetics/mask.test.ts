import { describe, expect, it } from 'vitest';
import { createMasker, MASK } from './mask.js';
import { maskNetworkSecrets } from './network-mask.js';
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

  it('blanks Cookie, Set-Cookie and Authorization values and HAR cookies in the network entries, with no password configured', () => {
    const resource = {
      type: 'resource-snapshot',
      snapshot: {
        request: {
          method: 'GET', url: 'http://127.0.0.1:8080/schedule',
          cookies: [{ name: 'zeus_session', value: 'session-abc123' }],
          headers: [
            { name: 'Cookie', value: 'zeus_session=session-abc123' },
            { name: 'Authorization', value: 'Bearer bearer-xyz789' },
            { name: 'x-zeus-synthetic', value: '1' },
          ],
        },
        response: {
          status: 302,
          cookies: [{ name: 'zeus_session', value: 'session-abc123', httpOnly: true }],
          headers: [{ name: 'set-cookie', value: 'zeus_session=session-abc123; HttpOnly' }, { name: 'location', value: '/' }],
        },
      },
    };
    const action = { type: 'before', method: 'fetch', params: { url: '/api', headers: { authorization: 'Basic basic-456' } } };
    const zip = writeZip([
      { name: 'trace.network', data: Buffer.from(`${JSON.stringify(resource)}\n`) },
      { name: 'trace.trace', data: Buffer.from(`${JSON.stringify(action)}\nnot json {\n`) },
    ]);
    const [network, trace] = readZip(maskZip(zip, createMasker([]).mask)).map((e) => e.data.toString());
    for (const secret of ['session-abc123', 'bearer-xyz789', 'basic-456']) expect(`${network}${trace}`).not.toContain(secret);
    const masked = JSON.parse(network!.trim()) as typeof resource;
    expect(masked.snapshot.request.headers).toEqual([
      { name: 'Cookie', value: MASK }, { name: 'Authorization', value: MASK }, { name: 'x-zeus-synthetic', value: '1' },
    ]);
    expect(masked.snapshot.response.headers).toEqual([{ name: 'set-cookie', value: MASK }, { name: 'location', value: '/' }]);
    expect(masked.snapshot.response.cookies).toEqual([{ name: 'zeus_session', value: MASK, httpOnly: true }]);
    expect(trace).toBe(`${JSON.stringify({ ...action, params: { url: '/api', headers: { authorization: MASK } } })}\nnot json {\n`);
  });

  it('leaves a network record without credentials byte for byte as it was', () => {
    const line = '{"type":"resource-snapshot","snapshot":{"request":{"headers":[{"name":"Accept","value":"text/html"}],"cookies":[]}}}';
    expect(maskNetworkSecrets(line)).toBe(line);
  });

  it('rejects what is not a zip', () => {
    expect(() => readZip(Buffer.from('not a zip at all, really not one'))).toThrow(/not a zip/);
  });
});
