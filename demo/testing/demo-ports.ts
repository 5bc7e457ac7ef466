import { freePort } from '../../test/support/index.js';
import type { DemoPorts } from '../orchestrate/start-demo.js';

/** Nine free loopback ports for a test demo (never the defaults). */
export async function freeDemoPorts(): Promise<DemoPorts> {
  const ports: number[] = [];
  while (ports.length < 9) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [portal, enrollment, grades, portalAdmin, enrollmentAdmin, gradesAdmin, portalMetrics, enrollmentMetrics, gradesMetrics] = ports as [
    number, number, number, number, number, number, number, number, number,
  ];
  return { portal, enrollment, grades, portalAdmin, enrollmentAdmin, gradesAdmin, portalMetrics, enrollmentMetrics, gradesMetrics };
}

/** Signs in through the portal's login form; the session cookie (`name=value`). */
export async function portalLogin(portalUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<string | undefined> {
  const response = await fetch(`${portalUrl}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(portalUrl).origin, ...headers },
    body: new URLSearchParams({ email, password }).toString(),
  });
  return response.headers.get('set-cookie')?.split(';')[0];
}

/** Value of one Prometheus sample (summed over matching series) from a /metrics text. */
export function sample(metricsText: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
