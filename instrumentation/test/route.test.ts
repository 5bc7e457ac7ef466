import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { routeOf } from '../src/http/route.js';

function req(fields: { route?: { path: unknown }; baseUrl?: string }): IncomingMessage {
  return fields as unknown as IncomingMessage;
}

describe('routeOf', () => {
  it('joins the mount path and the route template', () => {
    expect(routeOf(req({ route: { path: '/:id' }, baseUrl: '/api/students' }))).toBe('/api/students/:id');
    expect(routeOf(req({ route: { path: '/' }, baseUrl: '/api/courses' }))).toBe('/api/courses');
    expect(routeOf(req({ route: { path: '/courses/:code' }, baseUrl: '' }))).toBe('/courses/:code');
  });

  it('never returns a raw path: nothing for unmatched requests, concrete ids in mount paths become :id', () => {
    expect(routeOf(req({}))).toBeUndefined();
    expect(routeOf(req({ route: { path: '/grades' }, baseUrl: '/terms/2027/students/S00012345' }))).toBe('/terms/:id/students/:id/grades');
    expect(routeOf(req({ route: { path: '/x' }, baseUrl: '/users/alice@zeus.edu' }))).toBe('/users/:id/x');
  });

  it('renders array and pattern routes as their template', () => {
    expect(routeOf(req({ route: { path: ['/a', '/b'] } }))).toBe('/a|/b');
    expect(routeOf(req({ route: { path: /^\/re$/ } }))).toBe('/^\\/re$/');
  });
});
