/**
 * The IBSI 1 CT phantom (fixtures/ibsi1-ct-phantom) under configuration A, preprocessed by hand so
 * family tests can run without extract(). Configuration A (IBSI 1 manual, "Reference data sets") is
 * simple enough for that: no interpolation, re-segmentation of the intensity mask to [-500, 400] HU,
 * fixed bin size 25 HU from -500 (N_g = highest bin in the ROI), no IVH discretisation
 * (X_d,gl = X_gl, G = the re-segmentation range, w_d = 1). The morphological mask is the mask before
 * re-segmentation. The box is the whole grid (204 x 201 x 60, spacing 0.977 x 0.977 x 3 mm).
 */
import { readFileSync } from 'node:fs';
import { readNifti } from '../../src/io/nifti.js';
import type { FamilyInput } from '../../src/features/types.js';

export function ctConfigAInput(): FamilyInput {
  const read = (name: string) => readNifti(readFileSync(new URL(`../../fixtures/ibsi1-ct-phantom/${name}`, import.meta.url)));
  const image = read('image.nii.gz');
  const mask = read('mask.nii.gz');
  const [nx, ny, nz] = image.shape;
  const n = nx * ny * nz;
  const intensityMask = new Uint8Array(n);
  const morphMask = new Uint8Array(n);
  const intensities = new Float64Array(n);
  const levels = new Int32Array(n);
  const roi: number[] = [];
  let nBins = 0;
  for (let z = 0, k = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, k++) {
        const v = image.voxels.get(x, y, z);
        intensities[k] = v;
        if (mask.voxels.get(x, y, z) !== 1) continue;
        morphMask[k] = 1;
        if (v < -500 || v > 400) continue;
        intensityMask[k] = 1;
        roi.push(v);
        levels[k] = Math.floor((v + 500) / 25) + 1;
        nBins = Math.max(nBins, levels[k]);
      }
    }
  }
  const roiValues = Float64Array.from(roi);
  return {
    image,
    boxOffset: [0, 0, 0],
    boxShape: image.shape,
    spacing: image.spacing,
    intensityMask,
    morphMask,
    intensities,
    roiValues,
    levels,
    nBins,
    ivh: { values: roiValues, rangeMin: -500, rangeMax: 400, step: 1 },
  };
}
