/**
 * The fixed fuzz subset (issue 19): every row of the catalogue, SUBSET_PER_PAIR seeded cases per
 * (fixture, mutator) pair, ~7,000 cases in all. Each must end as a documented RadiomicsError or a
 * plausible result, within CASE_TIME_LIMIT_MS and its allocation budget (test/fuzz/harness.ts). The
 * whole catalogue, 50 times the seeds (~360,000 cases, ~8 min on a 2-core machine at load 6), runs with
 * `npm run fuzz` (scripts/fuzz.ts).
 * Cases run in one worker thread (test/fuzz/isolated.ts), so a case that hangs is stopped at
 * KILL_AFTER_FACTOR x CASE_TIME_LIMIT_MS and reported as a failure instead of stalling the run.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { catalogue } from './catalogue.js';
import { CASE_TIME_LIMIT_MS, SUBSET_PER_PAIR, caseIds, describeFailures, namedCase } from './harness.js';
import { createIsolatedRunner } from './isolated.js';
import { REGRESSIONS } from './regressions.js';

const runner = createIsolatedRunner();
afterAll(() => runner.close());

describe('fuzz subset', () => {
  const rows = catalogue();
  test.each(rows.map((r) => [r.name, r] as const))('%s: every case is a typed error or a plausible result', async (_name, row) => {
    const results = await runner.runRow(row, caseIds(row, SUBSET_PER_PAIR), CASE_TIME_LIMIT_MS);
    expect(describeFailures(results)).toBe('');
    expect(results.length).toBeGreaterThanOrEqual(SUBSET_PER_PAIR);
  });

  test('the subset holds at least 3,000 cases', () => {
    const total = rows.reduce((a, r) => a + r.fixtures.length * r.mutators.length * SUBSET_PER_PAIR, 0);
    expect(total).toBeGreaterThanOrEqual(3000);
  });
});

describe('fuzz regressions: every failure found so far', () => {
  const rows = new Map(catalogue().map((r) => [r.name, r]));
  test.each(REGRESSIONS.map((r) => [`${r.row} | ${r.fixture} | ${r.mutator} | seed ${r.seed}`, r] as const))('%s', async (_title, r) => {
    const row = rows.get(r.row)!;
    const results = await runner.runRow(row, [namedCase(row, r.fixture, r.mutator, r.seed)], CASE_TIME_LIMIT_MS);
    expect(describeFailures(results)).toBe('');
  });
});
