/**
 * intensityHistogramValuesInto, the values-only path of feature maps: intensityHistogramFamily.compute's
 * values, in order, bit for bit, NaN where compute gives null (one grey level: the gradients' levels,
 * skewness), on small random ROIs with holes (a feature map's kernels).
 */
import { describe, expect, test } from 'vitest';
import { intensityHistogramFamily, intensityHistogramValuesInto } from '../../src/features/intensityHistogram.js';
import type { FamilyInput } from '../../src/features/types.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues } from '../helpers/valuesInto.js';

describe('intensityHistogramValuesInto(input, params, out)', () => {
  test("gives compute's values bit for bit (null as NaN)", () => {
    const random = rng(41);
    const out = new Float64Array(256);
    let compared = 0;
    let nulls = 0;
    for (let trial = 0; trial < 80; trial++) {
      const n = 1 + Math.floor(random() * 125);
      const top = trial % 4 === 0 ? 1 : 2 + Math.floor(random() * 30);
      const intensityMask = Uint8Array.from({ length: n }, () => (random() < 0.85 ? 1 : 0));
      intensityMask[0] = 1;
      const levels = Int32Array.from(intensityMask, (m) => (m ? 1 + Math.floor(random() * top) : 0));
      const input = { levels, intensityMask, nBins: trial % 2 === 0 ? top : 0 } as unknown as FamilyInput;
      const expected = intensityHistogramFamily.compute(input, {}).values;
      const count = intensityHistogramValuesInto(input, {}, out);
      const checked = expectComputeValues(expected, out, count);
      compared += checked.compared;
      nulls += checked.nulls;
    }
    expect(compared).toBeGreaterThan(1_500);
    expect(nulls).toBeGreaterThan(0);
  });
});
