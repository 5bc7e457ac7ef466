import { faultInjectionActive } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { createMemoryRecorder } from '../testing/memory-recorder.js';
import { FaultController, FaultValidationError, validateFaults } from './controller.js';

describe('fault settings', () => {
  it('accepts partial settings in range', () => {
    expect(validateFaults({ latencyMs: 250, errorRate: 0.5 })).toEqual({ latencyMs: 250, errorRate: 0.5 });
    expect(validateFaults({ down: true, dbSlowMs: 0 })).toEqual({ down: true, dbSlowMs: 0 });
  });

  it('refuses out-of-range, mistyped and unknown settings with the field in the message', () => {
    expect(() => validateFaults({ errorRate: 1.5 })).toThrow(/errorRate must be a number from 0 to 1/);
    expect(() => validateFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => validateFaults({ latencyMs: 1.5 })).toThrow(/latencyMs/);
    expect(() => validateFaults({ down: 'yes' })).toThrow(/down must be true or false/);
    expect(() => validateFaults({ slow: 1 })).toThrow(/unknown fault 'slow'/);
    expect(() => validateFaults([])).toThrow(FaultValidationError);
  });

  it('mirrors every kind into zeus_fault_injection_active and tells listeners', async () => {
    const metrics = createMemoryRecorder();
    const faults = new FaultController({ metrics });
    const seen: boolean[] = [];
    faults.onChange((state) => void seen.push(state.down));
    expect(metrics.value(faultInjectionActive, { kind: 'latency' })).toBe(0);
    await faults.set({ latencyMs: 100, down: true });
    expect(metrics.value(faultInjectionActive, { kind: 'latency' })).toBe(1);
    expect(metrics.value(faultInjectionActive, { kind: 'down' })).toBe(1);
    expect(metrics.value(faultInjectionActive, { kind: 'error_rate' })).toBe(0);
    await faults.clear();
    expect(metrics.value(faultInjectionActive)).toBe(0);
    expect(seen).toEqual([true, false]);
  });
});
