/**
 * [min, max] of a Float64Array (NaN ignored, as `<` and `>` ignore it; Infinity and -Infinity when
 * empty), and the chunked-loop pattern it shows. A function called once or a few times per extraction
 * with one long loop is compiled by V8 on the fly (on-stack replacement), then deoptimised after the loop
 * on first use (no type feedback there yet), and ran largely unoptimised in later extractions too. A
 * helper called once per chunk (or per plane, in the voxel loops) is optimised as a function called
 * often instead. Chunks change nothing here: min and max do not depend on the order.
 */

/** Values per call of a chunk helper: enough work per call to pay for the call, few enough that it is called often. */
export const CHUNK = 4096;

/** [min, max] of `values`, NaN ignored. */
export function valueRange(values: Float64Array): [number, number] {
  const range = Float64Array.of(Infinity, -Infinity);
  for (let start = 0; start < values.length; start += CHUNK) rangeOfChunk(values, start, Math.min(values.length, start + CHUNK), range);
  return [range[0], range[1]];
}

/** Lowers range[0] and raises range[1] to the least and greatest of values[start .. end - 1] (NaN ignored). */
function rangeOfChunk(values: Float64Array, start: number, end: number, range: Float64Array): void {
  let min = range[0];
  let max = range[1];
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  range[0] = min;
  range[1] = max;
}
