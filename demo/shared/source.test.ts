import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { headerTrafficSource, sourceOf } from './source.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;

describe('traffic source', () => {
  it('marks the x-zeus-synthetic header and zeus.synthetic baggage as synthetic', () => {
    expect(headerTrafficSource(request({ 'x-zeus-synthetic': '1' }))).toBe('synthetic');
    expect(headerTrafficSource(request({ baggage: 'team=reg, zeus.synthetic=true' }))).toBe('synthetic');
    expect(headerTrafficSource(request({ 'x-zeus-synthetic': 'false' }))).toBe('user');
    expect(headerTrafficSource(request({ baggage: 'zeus.synthetic=false' }))).toBe('user');
    expect(headerTrafficSource(request({}))).toBe('user');
  });

  it('marks synthetic-monitoring accounts as synthetic whatever the headers', () => {
    expect(sourceOf(request({}), headerTrafficSource, { synthetic: true })).toBe('synthetic');
    expect(sourceOf(request({}), headerTrafficSource, { synthetic: false })).toBe('user');
  });
});
