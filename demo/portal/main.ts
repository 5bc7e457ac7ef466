/**
 * Process entry of the portal: `node --import tsx --import @zeus/instrumentation/register demo/portal/main.ts`.
 * Also reads ZEUS_ENROLLMENT_URL, ZEUS_GRADES_URL, the three ZEUS_*_ADMIN_URL variables and the
 * public-face settings of {@link readPortalSecurity} and the password queue of {@link readPasswordQueue}.
 */
import { runServiceProcess } from '../shared/service-process.js';
import { createPortalApp } from './app.js';
import { createPasswordVerifier } from '../auth/password.js';
import { readPasswordQueue, readPortalSecurity } from './settings.js';
import { mountUpstreamAdmin } from './upstream-admin.js';
import { WeightedUpstream } from './upstreams.js';

const url = (name: string, fallback: string) => process.env[name]?.trim() || fallback;

await runServiceProcess('portal', { port: 8080, adminPort: 8180 }, (deps) => {
  const enrollmentUrl = url('ZEUS_ENROLLMENT_URL', 'http://127.0.0.1:8081');
  const gradesUrl = url('ZEUS_GRADES_URL', 'http://127.0.0.1:8082');
  // The rollout router of each API; `zeus-obs rollout` moves traffic through the admin API.
  const upstreams = new Map([
    ['enrollment', new WeightedUpstream('enrollment', enrollmentUrl, deps.metrics)],
    ['grades', new WeightedUpstream('grades', gradesUrl, deps.metrics)],
  ]);
  const app = createPortalApp({
    ...deps,
    enrollmentUrl,
    gradesUrl,
    upstreams,
    security: readPortalSecurity(process.env),
    passwords: createPasswordVerifier(readPasswordQueue(process.env)),
    admin: {
      token: deps.adminToken,
      targets: [
        { name: 'portal', adminUrl: url('ZEUS_PORTAL_ADMIN_URL', `http://127.0.0.1:${process.env.ZEUS_ADMIN_PORT ?? 8180}`) },
        { name: 'enrollment', adminUrl: url('ZEUS_ENROLLMENT_ADMIN_URL', 'http://127.0.0.1:8181') },
        { name: 'grades', adminUrl: url('ZEUS_GRADES_ADMIN_URL', 'http://127.0.0.1:8182') },
      ],
    },
  });
  return { app, adminRoutes: (admin) => mountUpstreamAdmin(admin, upstreams) };
});
