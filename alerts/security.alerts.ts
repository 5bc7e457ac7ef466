import { loginThrottled, logins } from '@zeus/instrumentation/catalog';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const target = { job: 'zeus-services', instance: 'portal-0:9464', service: 'portal' } as const;
const login = (outcome: 'success' | 'failure', values: string, source: 'user' | 'synthetic' = 'user') =>
  input(logins, { ...target, outcome, role: 'student', source }, values);
// Every source counts: a client can claim to be a probe, so synthetic traffic is no exemption.
const failures = `sum(rate(${series(logins, { outcome: 'failure' })}[5m]))`;
const attempts = `sum(rate(${series(logins, {})}[5m]))`;
const throttled = (scope: 'account' | 'ip' | 'busy', values: string, source: 'user' | 'synthetic' = 'user') =>
  input(loginThrottled, { ...target, scope, source }, values);

/** Security signals: a burst of failed logins looks like password guessing, whatever source it claims; sustained login backoff, like a targeted attack. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusSecurity',
  output: 'security',
  alerts: [
    defineAlert({
      name: 'ZeusLoginFailuresSpiking',
      team: 'security',
      service: 'portal',
      tiers: [
        {
          severity: 'critical',
          expr: `${failures} > ${THRESHOLDS.failedLoginsPerSecond}\nand\n${failures} / ${attempts} > ${THRESHOLDS.failedLoginRatio}`,
          for: '5m',
        },
      ],
      summary: 'Failed logins are spiking: likely a brute-force attack.',
      description: '{{ $value | humanize }} failed logins per second, more than half of all login attempts: someone is likely guessing passwords.',
      dashboard: { uid: 'zeus-service', vars: { service: 'portal' } },
      tests: [
        fires('pages when most logins fail at five per second', '15m', [login('failure', '0+300x20'), login('success', '0+60x20')], [
          { severity: 'critical', description: '5 failed logins per second, more than half of all login attempts: someone is likely guessing passwords.' },
        ]),
        fires('pages when the failed logins are labelled synthetic (a spoofed probe marker is no exemption)', '15m', [
          login('failure', '0+300x20', 'synthetic'), login('success', '0+60x20'),
        ], [
          { severity: 'critical', description: '5 failed logins per second, more than half of all login attempts: someone is likely guessing passwords.' },
        ]),
        quiet('stays quiet on a busy morning with ordinary typos', '15m', [login('failure', '0+180x20'), login('success', '0+600x20')]),
        quiet('stays quiet at a trickle of failures', '15m', [login('failure', '0+30x20'), login('success', '0+6x20')]),
      ],
    }),
    defineAlert({
      name: 'ZeusLoginsThrottled',
      team: 'security',
      service: 'portal',
      tiers: [
        {
          severity: 'warning',
          // Every source: a forged synthetic marker must not hide an attack.
          expr: `sum by (scope) (increase(${series(loginThrottled)}[15m])) > ${THRESHOLDS.throttledLoginsPer15m}`,
          for: '5m',
        },
      ],
      summary: 'The portal keeps refusing logins with 429: an account or address is under sustained attack.',
      description:
        '{{ $value | humanize }} logins refused in 15 minutes by {{ $labels.scope }} backoff (busy: the password-check queue is full): someone keeps guessing after backoff started.',
      dashboard: { uid: 'zeus-service', vars: { service: 'portal' } },
      tests: [
        fires('opens a ticket when one account keeps being guessed slowly, under the brute-force threshold', '20m', [
          throttled('account', '0+3x20'), login('failure', '0+6x20'), login('success', '0+600x20'),
        ], [
          { severity: 'warning', labels: { scope: 'account' }, description: '45 logins refused in 15 minutes by account backoff (busy: the password-check queue is full): someone keeps guessing after backoff started.' },
        ]),
        fires('counts synthetic-marked traffic too, so a forged marker hides nothing', '20m', [throttled('ip', '0+4x20', 'synthetic')], [
          { severity: 'warning', labels: { scope: 'ip' }, description: '60 logins refused in 15 minutes by ip backoff (busy: the password-check queue is full): someone keeps guessing after backoff started.' },
        ]),
        quiet('stays quiet when a student forgets a password and waits out the backoff', '20m', [throttled('account', '0+0x10 3 3 3 3 3 3 3 3 3 3')]),
        quiet('resolves once the throttling stopped 15 minutes ago', '20m', [throttled('ip', '0+30x2 60+0x18')]),
      ],
    }),
  ],
});
