/**
 * The fixed fuzz subset (issue 19): every row of the catalogue, SUBSET_PER_PAIR seeded cases per
 * (fixture, mutator) pair, ~3,500 cases in all. Each must end as a documented RadiomicsError or a
 * plausible result, within CASE_TIME_LIMIT_MS and its allocation budget (test/fuzz/harness.ts). The whole
 * catalogue, ten times the seeds, runs with `npm run fuzz` (scripts/fuzz.ts).
 */
import { describe, expect, test } from 'vitest';
import { catalogue } from './catalogue.js';
import { caseIds, describeFailures, runCase } from './harness.js';

export const SUBSET_PER_PAIR = 20;
/** "No case past a few seconds", on a loaded 2-core machine. */
export const CASE_TIME_LIMIT_MS = 5000;

describe('fuzz subset', () => {
  const rows = catalogue();
  test.each(rows.map((r) => [r.name, r] as const))('%s: every case is a typed error or a plausible result', (_name, row) => {
    const results = caseIds(row, SUBSET_PER_PAIR).map((id) => runCase(row, id, CASE_TIME_LIMIT_MS));
    expect(describeFailures(results)).toBe('');
    expect(results.length).toBeGreaterThanOrEqual(SUBSET_PER_PAIR);
  });

  test('the subset holds at least 3,000 cases', () => {
    const total = rows.reduce((a, r) => a + r.fixtures.length * r.mutators.length * SUBSET_PER_PAIR, 0);
    expect(total).toBeGreaterThanOrEqual(3000);
  });
});
