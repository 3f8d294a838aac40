/**
 * The IBSI 1 digital phantom (fixtures/ibsi1-digital-phantom), written out so family tests can run
 * without the NIfTI reader: 5 x 4 x 4 voxels (x fastest), spacing 2 x 2 x 2 mm. The values were
 * read from phantom.nii.gz / mask.nii.gz; test/io/nifti.digital-phantom.test.ts checks they agree.
 * Phantom settings (IBSI 1 manual, "Digital phantom"): no preprocessing, fixed bin size 1 with lower
 * bound 1, so grey levels equal intensities; IVH range G = [1, 6], w_d = 1.
 */
import { createVolume, type Vec3 } from '../../src/image/volume.js';
import type { FamilyInput } from '../../src/features/types.js';

export const PHANTOM_SHAPE: Vec3 = [5, 4, 4];
export const PHANTOM_SPACING: Vec3 = [2, 2, 2];
// prettier-ignore
export const PHANTOM_VALUES = [
  1,4,4,1,1, 1,4,6,1,1, 4,1,6,4,1, 4,4,6,4,1,
  1,4,4,1,1, 1,1,6,1,1, 1,1,3,1,1, 4,4,6,1,1,
  1,4,4,1,1, 1,1,1,1,1, 1,1,9,1,1, 1,1,6,1,1,
  1,4,4,1,1, 1,1,1,1,1, 1,1,1,1,1, 1,1,6,1,1,
];
// prettier-ignore
export const PHANTOM_MASK = [
  1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1,
  1,1,1,1,1, 1,1,1,1,1, 0,1,1,1,1, 1,1,1,1,1,
  1,1,1,0,0, 1,1,1,1,1, 1,1,0,1,1, 1,1,1,1,1,
  1,1,1,0,0, 1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1,
];

export function phantomImage() {
  return createVolume({ data: Float32Array.from(PHANTOM_VALUES), shape: PHANTOM_SHAPE, spacing: PHANTOM_SPACING });
}

export function phantomMaskVolume() {
  return createVolume({ data: Uint8Array.from(PHANTOM_MASK), shape: PHANTOM_SHAPE, spacing: PHANTOM_SPACING });
}

/** FamilyInput for the phantom, built by hand (the box is the whole grid). */
export function phantomFamilyInput(): FamilyInput {
  const n = PHANTOM_VALUES.length;
  const intensityMask = Uint8Array.from(PHANTOM_MASK);
  const intensities = Float64Array.from(PHANTOM_VALUES);
  const levels = new Int32Array(n);
  const roi: number[] = [];
  for (let i = 0; i < n; i++) {
    if (intensityMask[i]) {
      levels[i] = PHANTOM_VALUES[i];
      roi.push(PHANTOM_VALUES[i]);
    }
  }
  const roiValues = Float64Array.from(roi);
  return {
    image: phantomImage(),
    boxOffset: [0, 0, 0],
    boxShape: PHANTOM_SHAPE,
    spacing: PHANTOM_SPACING,
    intensityMask,
    morphMask: Uint8Array.from(PHANTOM_MASK),
    intensities,
    roiValues,
    levels,
    nBins: 6,
    ivh: { values: roiValues, rangeMin: 1, rangeMax: 6, step: 1 },
  };
}
