import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../core/index.js';
import { describe, expect, it } from 'vitest';
import { canaryChecks, CRITICAL_Z } from '../canary/index.js';
import { SLOS } from '../generate/index.js';
import { analysisTemplate, CANARY_VERSION_ARG, rollout } from './rollouts.js';
import { WORKLOADS } from './components.js';
import { validateObject } from './validation.js';

const PROMETHEUS = 'http://prometheus-operated.zeus.svc:9090';

interface TemplateJson { spec: { metrics: Array<{ name: string; failureCondition: string; initialDelay?: string; provider: { prometheus?: { query: string; address: string } } }> } }
interface RolloutJson { spec: { strategy: { canary: { steps: unknown[]; analysis: { templates: unknown[] } } } } }
const json = <T>(object: { toJSON(): unknown }): T => JSON.parse(JSON.stringify(object.toJSON())) as T;

describe('the Argo Rollouts objects', () => {
  it('run, per service, exactly the PromQL of the local canary analysis, with the version as an Argo argument', () => {
    for (const service of ['portal', 'enrollment', 'grades']) {
      const template = json<TemplateJson>(analysisTemplate(service, SLOS, PROMETHEUS));
      const local = canaryChecks({ service, version: CANARY_VERSION_ARG, window: '5m' }, SLOS);
      expect(template.spec.metrics.map((m) => [m.name, m.provider.prometheus?.query])).toEqual(local.map((c) => [c.id, c.query]));
      for (const m of template.spec.metrics) expect(m.failureCondition).toBe(`len(result) > 0 && result[0] > ${CRITICAL_Z}`);
      // Latency checks wait out the warm-up and one whole window after it (1m + 5m); errors count from the first call.
      const delays = Object.fromEntries(template.spec.metrics.map((m) => [m.name, m.initialDelay]));
      expect(delays['latency-p95']).toBe('360s');
      expect(delays['error-ratio']).toBeUndefined();
      for (const c of local) expect(delays[c.id] !== undefined, c.id).toBe(c.latency);
      expect(template.spec.metrics.every((m) => m.provider.prometheus?.address === PROMETHEUS)).toBe(true);
    }
  });

  it('are valid against the Argo CRD schemas, and the schemas catch a broken object', () => {
    const enrollment = WORKLOADS.find((w) => w.service === 'enrollment')!;
    const objects: unknown[] = [json(rollout(enrollment, '1.2.3')), json(analysisTemplate('enrollment', SLOS, PROMETHEUS))];
    for (const object of objects) expect(validateObject(object)).toEqual([]);
    const broken = structuredClone(objects[0]) as RolloutJson;
    broken.spec.strategy.canary.steps = [{ setWeight: 'ten' }];
    expect(validateObject(broken).join('\n')).toMatch(/setWeight/);
  });

  it('are generated into each overlay, and a Rollout steps through the default weights with the template', () => {
    for (const overlay of ['staging', 'production']) {
      for (const file of ['rollout-enrollment.yaml', 'analysistemplate-enrollment-canary.yaml']) {
        expect(existsSync(join(REPO_ROOT, 'generated', 'kubernetes', 'overlays', overlay, file)), `${overlay}/${file}`).toBe(true);
      }
    }
    const canary = json<RolloutJson>(rollout(WORKLOADS.find((w) => w.service === 'grades')!, '1.0.0')).spec.strategy.canary;
    expect(canary.steps).toEqual([{ setWeight: 10 }, { pause: { duration: '360s' } }, { setWeight: 25 }, { pause: { duration: '5m' } }, { setWeight: 50 }, { pause: { duration: '5m' } }]);
    expect(canary.analysis.templates).toEqual([{ templateName: 'grades-canary' }]);
  });
});
