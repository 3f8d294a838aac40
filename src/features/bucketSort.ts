/**
 * A few doubles (a feature map's kernel: up to 125 at R = 2) sorted by a bucket sort, for the
 * first-order statistics: the built-in sort of a hundred doubles costs about 3 us, more than all the
 * statistics' sums.
 *
 * With n values in [min, max], value x goes to bucket floor((x - min) (n - 1) / (max - min)): a
 * non-decreasing function of x (IEEE subtraction, multiplication by a positive number and floor keep
 * the order), so the values placed bucket by bucket (a counting sort: one pass to count, one to place)
 * are sorted but within each bucket, about one value each for intensities spread over their range; an
 * insertion sort finishes. The buckets serve the speed only: the insertion sort sorts any order, and when
 * it would take more than MAX_MOVES_PER_VALUE moves per value (values bunched into few buckets, as with
 * one outlier far from the rest) the built-in sort takes over.
 *
 * Bits: the result is the built-in Float64Array sort's. Doubles equal under < are equal in bits but for
 * -0 and +0, which the built-in sort orders -0 first; values holding a zero, a NaN (sorted last) or an
 * infinity go to the built-in sort.
 */
import type { MatrixScratch } from './matrixScratch.js';

/** Moves of the insertion sort per value beyond which the built-in sort takes over (spread values take about 1). */
const MAX_MOVES_PER_VALUE = 8;

/**
 * `values` sorted ascending in `out` (of values.length entries) as Float64Array.prototype.sort orders
 * them; returns `out`. `scratch` lends the bucket counts. O(n) for values spread over their range,
 * O(n log n) at worst.
 */
export function bucketSortedInto(out: Float64Array, values: ArrayLike<number>, scratch: MatrixScratch): Float64Array {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let plain = true;
  for (let k = 0; k < n; k++) {
    const x = values[k];
    // A zero (-0 or +0), a NaN or an infinity: see the module comment.
    if (x === 0 || !(Math.abs(x) < Infinity)) plain = false;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const scale = (n - 1) / (max - min);
  // Fewer than 3 values, all equal, or a range that overflows: nothing for the buckets to do.
  if (!plain || n < 3 || !(scale > 0 && scale < Infinity)) return copySorted(out, values);
  // starts[b + 1] counts bucket b; then starts[b] is where bucket b begins.
  const starts = scratch.int32('bucketStarts', n + 1);
  // Each value's bucket, found once for both passes.
  const buckets = scratch.int32ToOverwrite('buckets', n);
  for (let k = 0; k < n; k++) {
    const b = bucketOf(values[k], min, scale, n);
    buckets[k] = b;
    starts[b + 1]++;
  }
  for (let b = 1; b <= n; b++) starts[b] += starts[b - 1];
  for (let k = 0; k < n; k++) out[starts[buckets[k]]++] = values[k];
  return insertionSorted(out, MAX_MOVES_PER_VALUE * n) ? out : out.sort();
}

/** floor((x - min) scale), kept within [0, n - 1]. */
function bucketOf(x: number, min: number, scale: number, n: number): number {
  const b = Math.floor((x - min) * scale);
  return b < n ? b : n - 1;
}

/** `values` copied into `out` and sorted there by the built-in sort. */
function copySorted(out: Float64Array, values: ArrayLike<number>): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = values[k];
  return out.sort();
}

/**
 * Sorts `a` (no zero, no NaN) ascending by insertion; false, leaving `a` a permutation of itself, once it
 * has made more than `budget` moves.
 */
function insertionSorted(a: Float64Array, budget: number): boolean {
  let moves = 0;
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    if (!(a[j] > x)) continue;
    do {
      a[j + 1] = a[j];
      j--;
    } while (j >= 0 && a[j] > x);
    a[j + 1] = x;
    moves += i - j;
    if (moves > budget) return false;
  }
  return true;
}
