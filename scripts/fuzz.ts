/**
 * The whole fuzz catalogue (test/fuzz/catalogue.ts): every row, FULL_PER_PAIR seeds per (fixture,
 * mutator) pair, the first SUBSET_PER_PAIR of them being the subset `npm test` runs, the rest new.
 * Prints per row the outcomes, the slowest case and the largest allocation, then every failure in the
 * form test/fuzz/regressions.ts keeps (add it there once fixed). Exit code 1 on any failure.
 * Cases run in a worker thread (test/fuzz/isolated.ts): one that runs past KILL_AFTER_FACTOR x the time
 * limit is stopped and reported, and the run goes on.
 * Usage: npm run fuzz [-- --per-pair N] [-- --row SUBSTRING] [-- --slow MS (print every case slower than MS)]
 */
import { catalogue } from '../test/fuzz/catalogue.js';
import { CASE_TIME_LIMIT_MS, SUBSET_PER_PAIR, caseIds, type CaseResult } from '../test/fuzz/harness.js';
import { createIsolatedRunner } from '../test/fuzz/isolated.js';

const FULL_PER_PAIR = 50 * SUBSET_PER_PAIR;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const perPair = Number(option('per-pair') ?? FULL_PER_PAIR);
const only = option('row');
const slowMs = Number(option('slow') ?? Number.POSITIVE_INFINITY);
const runner = createIsolatedRunner();
const failures: CaseResult[] = [];
let total = 0;
const start = performance.now();
for (const row of catalogue()) {
  if (only !== undefined && !row.name.includes(only)) continue;
  const t0 = performance.now();
  const counts = { typed: 0, success: 0, failure: 0 };
  let slowest: CaseResult | undefined;
  let largest: CaseResult | undefined;
  let maxHeap = 0;
  await runner.runRow(row, caseIds(row, perPair), CASE_TIME_LIMIT_MS, (r) => {
    counts[r.outcome]++;
    if (r.outcome === 'failure') failures.push(r);
    if (r.ms > slowMs) console.log(`  slow: ${r.ms.toFixed(0)} ms ${r.fixture} | ${r.mutator} | seed ${r.seed}: ${r.outcome} ${r.detail.slice(0, 200)}`);
    if (slowest === undefined || r.ms > slowest.ms) slowest = r;
    if (largest === undefined || r.arrayBytes > largest.arrayBytes) largest = r;
    maxHeap = Math.max(maxHeap, r.heapBytes);
  });
  total += counts.typed + counts.success + counts.failure;
  console.log(
    `${row.name}: ${counts.typed} typed, ${counts.success} plausible, ${counts.failure} failed in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `slowest ${slowest?.ms.toFixed(0)} ms, largest allocation ${largest?.arrayBytes} B for a ${largest?.inputBytes} B input, largest heap growth ${maxHeap} B`,
  );
}
await runner.close();
console.log(`${total} cases in ${((performance.now() - start) / 1000).toFixed(1)} s, ${failures.length} failed`);
for (const f of failures) {
  console.log(`  { row: ${JSON.stringify(f.row)}, fixture: ${JSON.stringify(f.fixture)}, mutator: ${JSON.stringify(f.mutator)}, seed: ${f.seed}, was: ${JSON.stringify(f.detail)} },`);
}
process.exitCode = failures.length > 0 ? 1 : 0;
