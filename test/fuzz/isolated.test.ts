/**
 * The fuzz suite's wall-clock guard (test/fuzz/isolated.ts): a case that never returns is stopped,
 * reported as a failure with its seed, and the row goes on with the next case in a new worker.
 */
import { afterAll, expect, test } from 'vitest';
import { catalogue } from './hangingCatalogue.js';
import { KILL_AFTER_FACTOR, createIsolatedRunner } from './isolated.js';

const runner = createIsolatedRunner(new URL('./hangingCatalogue.ts', import.meta.url).href);
afterAll(() => runner.close());

test('runRow(a row whose second case hangs): success, a failure naming the case, success', async () => {
  const [row] = catalogue();
  const ids = [0, 1, 0].map((fixture, seed) => ({ fixture, mutator: 0, seed }));
  const results = await runner.runRow(row, ids, 1000);
  expect(results.map((r) => [r.fixture, r.seed, r.outcome])).toEqual([
    ['fine', 0, 'success'],
    ['hangs', 1, 'failure'],
    ['fine', 2, 'success'],
  ]);
  expect(results[1].detail).toBe(`did not finish within ${KILL_AFTER_FACTOR * 1000} ms (limit 1000 ms); its worker was stopped`);
});
