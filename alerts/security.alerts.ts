import { logins } from '@zeus/instrumentation/catalog';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const target = { job: 'zeus-services', instance: 'portal-0:9464', service: 'portal' } as const;
const login = (outcome: 'success' | 'failure', values: string) => input(logins, { ...target, outcome, role: 'student', source: 'user' }, values);
const failures = `sum(rate(${series(logins, { outcome: 'failure', source: 'user' })}[5m]))`;
const attempts = `sum(rate(${series(logins, { source: 'user' })}[5m]))`;

/** Security signals: a burst of failed logins looks like password guessing. */
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
        quiet('stays quiet on a busy morning with ordinary typos', '15m', [login('failure', '0+180x20'), login('success', '0+600x20')]),
        quiet('stays quiet at a trickle of failures', '15m', [login('failure', '0+30x20'), login('success', '0+6x20')]),
      ],
    }),
  ],
});
