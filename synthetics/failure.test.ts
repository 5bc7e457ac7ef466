import { describe, expect, it } from 'vitest';
import { BrowserCrash, JourneyFailure, StepTimeout, classifyFailure, reasonForStatus } from './failure.js';

const timeoutError = Object.assign(new Error('page.goto: Timeout 5000ms exceeded.'), { name: 'TimeoutError' });

describe('classifyFailure', () => {
  it('keeps the reason a step gave on purpose', () => {
    expect(classifyFailure(new JourneyFailure('auth', 'login refused'))).toBe('auth');
    expect(classifyFailure(new JourneyFailure('assertion', 'missing row'))).toBe('assertion');
  });

  it('blames an error page seen during the step over the assertion that noticed it', () => {
    expect(classifyFailure(new JourneyFailure('assertion', 'missing row'), { statuses: [502], crashed: false })).toBe('http_5xx');
    expect(classifyFailure(new Error('x'), { statuses: [404], crashed: false })).toBe('http_4xx');
    expect(classifyFailure(new Error('x'), { statuses: [404, 401], crashed: false })).toBe('auth');
    expect(classifyFailure(new Error('x'), { statuses: [404, 503], crashed: false })).toBe('http_5xx');
  });

  it('tells timeouts, network errors and crashes apart', () => {
    expect(classifyFailure(timeoutError)).toBe('timeout');
    expect(classifyFailure(new StepTimeout('step x timed out'))).toBe('timeout');
    expect(classifyFailure(new Error('page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/login'))).toBe('navigation');
    expect(classifyFailure(new Error('apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:9'))).toBe('navigation');
    expect(classifyFailure(new BrowserCrash('page crashed'))).toBe('browser_crash');
    expect(classifyFailure(timeoutError, { statuses: [], crashed: true })).toBe('browser_crash');
    expect(classifyFailure(new Error('page.click: Target page, context or browser has been closed'))).toBe('browser_crash');
    expect(classifyFailure('something odd')).toBe('assertion');
  });

  it('maps statuses to reasons', () => {
    expect([200, 302, 401, 403, 404, 422, 500, 503].map(reasonForStatus)).toEqual([
      undefined, undefined, 'auth', 'auth', 'http_4xx', 'http_4xx', 'http_5xx', 'http_5xx',
    ]);
  });
});
