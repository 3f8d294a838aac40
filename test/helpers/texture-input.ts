/** Small inputs and output views for the directional texture families' unit tests (GLCM, GLRLM). */
import type { Vec3 } from '../../src/image/volume.js';
import type { FamilyInput, RawFeatureValue } from '../../src/features/types.js';

/** A FamilyInput holding only what the texture families read: levels over the box, N_g. */
export function textureInput(levels: readonly number[], shape: Vec3, nBins = Math.max(...levels)): FamilyInput {
  return { levels: Int32Array.from(levels), boxShape: shape, nBins } as unknown as FamilyInput;
}

/** `levels` of `shape` placed at `at` in a zero box of `outer`. */
export function pad(levels: readonly number[], shape: Vec3, outer: Vec3, at: Vec3): number[] {
  const out = new Array<number>(outer[0] * outer[1] * outer[2]).fill(0);
  for (let z = 0; z < shape[2]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0; x < shape[0]; x++) out[x + at[0] + outer[0] * (y + at[1] + outer[1] * (z + at[2]))] = levels[x + shape[0] * (y + shape[1] * z)];
  return out;
}

/** Values as {"feature.aggregation": value}. */
export const byKey = (values: readonly RawFeatureValue[]) => Object.fromEntries(values.map((v) => [`${v.feature}.${v.aggregation}`, v.value]));
/** Values of one aggregation as {feature: value}. */
export const ofAggregation = (values: readonly RawFeatureValue[], a: string) => Object.fromEntries(values.filter((v) => v.aggregation === a).map((v) => [v.feature, v.value]));
