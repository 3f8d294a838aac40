/**
 * The values-only paths of feature maps for the zone-aggregated families (glszmValuesInto,
 * ngldmValuesInto, ngtdmValuesInto, over zoneAggregatedValuesInto): each family's compute values, in
 * order, bit for bit, NaN where compute gives null, on random boxes (holes, single grey levels, a single
 * voxel, thin boxes, isolated voxels without neighbours), every aggregation, reusing one working memory.
 */
import { describe, expect, test } from 'vitest';
import { glszmFamily, glszmValuesInto } from '../../src/features/glszm.js';
import { ngldmFamily, ngldmValuesInto } from '../../src/features/ngldm.js';
import { ngtdmFamily, ngtdmValuesInto } from '../../src/features/ngtdm.js';
import { ZONE_AGGREGATIONS, type FamilyInput, type FamilyOutput } from '../../src/features/types.js';
import { MatrixScratch } from '../../src/features/matrixScratch.js';
import { textureInput } from '../helpers/texture-input.js';
import { rng } from '../helpers/random.js';
import { expectComputeValues, randomBoxes } from '../helpers/valuesInto.js';

type Compute = (input: FamilyInput, params: never) => FamilyOutput;
type Into = (input: FamilyInput, params: never, out: Float64Array) => number;
const FAMILIES: [string, Compute, Into, object[]][] = [
  ['glszm', glszmFamily.compute as Compute, glszmValuesInto as Into, [{}]],
  ['ngldm', ngldmFamily.compute as Compute, ngldmValuesInto as Into, [{ distance: 1, alpha: 0 }, { distance: 2, alpha: 1 }]],
  ['ngtdm', ngtdmFamily.compute as Compute, ngtdmValuesInto as Into, [{ distance: 1 }, { distance: 2 }]],
];

describe.each(FAMILIES)('%sValuesInto(input, params, out)', (name, compute, into, variants) => {
  test("gives compute's values bit for bit (null as NaN), reusing one working memory", () => {
    const random = rng(name.length * 7 + 3);
    const scratch = new MatrixScratch();
    const out = new Float64Array(1024);
    let compared = 0;
    let nulls = 0;
    // Sparse boxes (trial 7) leave voxels without an ROI neighbour: NGTDM's N_vc can be 0.
    for (const { shape, levels } of randomBoxes(random, 8, (trial) => (trial === 7 ? 0.8 : 0.2))) {
      for (const variant of variants) {
        for (const aggregations of [ZONE_AGGREGATIONS, ['3D'], ['2D', '3D'], ['3D', '3D']]) {
          const params = { aggregations, maxMatrixBytes: 2 ** 20, ...variant, scratch } as never;
          const input = textureInput(levels, shape);
          const expected = compute(input, params).values;
          const count = into(input, params, out);
          const checked = expectComputeValues(expected, out, count);
          compared += checked.compared;
          nulls += checked.nulls;
        }
      }
    }
    expect(compared).toBeGreaterThan(2_000);
    // GLSZM and NGLDM have an entry per zone or ROI voxel, so a non-empty ROI gives no null; NGTDM's N_vc can be 0.
    if (name === 'ngtdm') expect(nulls).toBeGreaterThan(0);
  });
});
