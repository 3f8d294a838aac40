/**
 * The fixed fuzz subset (issue 19): every row of the catalogue, SUBSET_PER_PAIR seeded cases per
 * (fixture, mutator) pair, ~4,000 cases in all. Each must end as a documented RadiomicsError or a
 * plausible result, within CASE_TIME_LIMIT_MS and its allocation budget (test/fuzz/harness.ts). The
 * whole catalogue, 50 times the seeds (~200,000 cases, ~6 min on a loaded 2-core machine), runs with
 * `npm run fuzz` (scripts/fuzz.ts).
 */
import { describe, expect, test } from 'vitest';
import { catalogue } from './catalogue.js';
import { CASE_TIME_LIMIT_MS, SUBSET_PER_PAIR, caseIds, describeFailures, namedCase, runCase } from './harness.js';
import { REGRESSIONS } from './regressions.js';


describe('fuzz subset', () => {
  const rows = catalogue();
  test.each(rows.map((r) => [r.name, r] as const))('%s: every case is a typed error or a plausible result', async (_name, row) => {
    await row.warmUp?.();
    const results = [];
    for (const id of caseIds(row, SUBSET_PER_PAIR)) results.push(await runCase(row, id, CASE_TIME_LIMIT_MS));
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
    await row.warmUp?.();
    const result = await runCase(row, namedCase(row, r.fixture, r.mutator, r.seed), CASE_TIME_LIMIT_MS);
    expect(describeFailures([result])).toBe('');
  });
});
