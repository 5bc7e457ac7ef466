import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import enrollmentAvailability from './enrollment-availability.slo.js';
import enrollmentLatency from './enrollment-latency.slo.js';
import { BURN_TIERS, budgetSpent, formatReport, formatShare, sloRuleGroup, tierBudgetSpent, PRODUCTION_PROFILE, type SloStatus } from './index.js';
import { tierAnnotations } from './rules.js';
import { ZEUS_CALENDAR } from '../calendar/index.js';

const shares = (window: '28d' | '30d') => BURN_TIERS.map((t) => formatShare(tierBudgetSpent(t, window)));

describe('error budget spent by a burn', () => {
  it('is burn × duration / window: the workbook figures for a 30-day SLO', () => {
    expect(shares('30d')).toEqual(['2%', '5%', '10%', '10%']);
    expect(budgetSpent(1, '30d', '30d')).toBe(1);
  });

  it('is larger for a 28-day SLO: 14.4× for 1h spends 2.14%, not 2%', () => {
    expect(shares('28d')).toEqual(['2.14%', '5.36%', '10.71%', '10.71%']);
    expect(budgetSpent(14.4, '1h', '28d')).toBeCloseTo(14.4 / (28 * 24), 12);
    expect(budgetSpent(1, '28d', '28d')).toBe(1);
  });
});

describe('burn-rate alert descriptions', () => {
  it('quote the 30-day figures for a 30-day SLO', () => {
    expect(enrollmentAvailability.window).toBe('30d');
    const descriptions = BURN_TIERS.map((t) => tierAnnotations(enrollmentAvailability, t).description);
    expect(descriptions[0]).toContain('window 30d); a burn this fast spends 2% of the 30d budget in 1h.');
    expect(descriptions[1]).toContain('spends 5% of the 30d budget in 6h.');
    expect(descriptions[2]).toContain('spends 10% of the 30d budget in 1d.');
    expect(descriptions[3]).toContain('spends 10% of the 30d budget in 3d.');
  });

  it('quote the 28-day SLO\'s own figures, in the rendered rule file too', () => {
    expect(enrollmentLatency.window).toBe('28d');
    const group = sloRuleGroup(enrollmentLatency, { calendar: ZEUS_CALENDAR, profile: PRODUCTION_PROFILE });
    const text = JSON.stringify(parse(JSON.stringify(group)));
    for (const [share, window] of [['2.14%', '1h'], ['5.36%', '6h'], ['10.71%', '1d'], ['10.71%', '3d']]) {
      expect(text).toContain(`spends ${share} of the 28d budget in ${window}.`);
    }
    expect(text).not.toMatch(/spends (2|5|10)% of/);
  });
});

describe('slo report', () => {
  const status = (window: '28d' | '30d'): SloStatus => ({
    id: `s-${window}`, window, objective: 0.99, sli: 0.995, budgetRemaining: 0.5, fastBurn: 14.4, slowBurn: 1, burningTiers: [], state: 'ok',
  });

  it('gives each burn as the share of the SLO\'s own budget it spent', () => {
    const report = formatReport([status('28d'), status('30d')]);
    expect(report).toMatch(/s-28d\s+28d .* 14\.40× \(2\.14%\)\s+1\.00× \(10\.71%\)/);
    expect(report).toMatch(/s-30d\s+30d .* 14\.40× \(2%\)\s+1\.00× \(10%\)/);
  });

  it('lists the tier thresholds as budget shares of each window in use', () => {
    const report = formatReport([status('28d'), status('30d')]);
    expect(report).toContain('28d SLOs: page at 14.4× over 1h (2.14%) or 6× over 6h (5.36%); ticket at 3× over 1d (10.71%) or 1× over 3d (10.71%)');
    expect(report).toContain('30d SLOs: page at 14.4× over 1h (2%) or 6× over 6h (5%); ticket at 3× over 1d (10%) or 1× over 3d (10%)');
    expect(formatReport([status('30d')])).not.toContain('28d SLOs');
  });
});
