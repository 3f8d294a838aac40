/** Small hand-made morphology inputs for the compat mesh and shape2D tests. */
import type { Vec3 } from '../../src/image/volume.js';
import type { FamilyInput } from '../../src/features/types.js';

/** A mask of `shape` (x fastest) with the listed voxels set. */
export function maskOf(shape: Vec3, voxels: readonly Vec3[]): Uint8Array {
  const m = new Uint8Array(shape[0] * shape[1] * shape[2]);
  for (const [x, y, z] of voxels) m[x + shape[0] * (y + shape[1] * z)] = 1;
  return m;
}

/** The FamilyInput morphology reads, for mask `morph` as both ROI masks (intensities 1-3 by position, no discretisation). */
export function morphologyInput(morph: Uint8Array, shape: Vec3, spacing: Vec3 = [1, 1, 1]): FamilyInput {
  return {
    image: undefined as never,
    boxOffset: [0, 0, 0],
    boxShape: shape,
    spacing,
    intensityMask: morph,
    morphMask: morph,
    intensities: Float64Array.from(morph, (v, i) => v * (1 + (i % 3))),
    roiValues: new Float64Array(0),
    levels: new Int32Array(morph.length),
    nBins: 0,
    ivh: { values: new Float64Array(0), rangeMin: 0, rangeMax: 0, step: 1 },
  };
}
