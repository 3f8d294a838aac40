/**
 * Real GLCMs for the exactness tests (test/compat/mcc.exact.test.ts, test/features/glcm.entropy.exact.test.ts,
 * test/features/glcm.stats.exact.test.ts):
 * those of 5^3 kernels of the MRI samples, the matrices feature maps meet (13 per kernel), and those of
 * whole ROIs. Label 1, fixed bin size 25 (PyRadiomics' default), symmetric matrices at distance 1.
 */
import { fileURLToPath } from 'node:url';
import { accumulateGlcm, buildGlcm, rankedBox } from '../../src/features/glcm/index.js';
import { presentLevels, type PresentLevels } from '../../src/features/levels.js';
import { DIRECTIONS_3D } from '../../src/features/directions.js';
import { discretise } from '../../src/preprocess/discretise.js';
import { readMask, readVolume } from '../../src/node.js';
import type { Vec3 } from '../../src/image/volume.js';
import { glcmDirectionWeight, type WeightingNormName } from '../../src/compat/directionWeights.js';

const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nrrd/', import.meta.url));

export interface SampleGlcm {
  readonly counts: Float64Array;
  /** Rows = columns: the grey levels present in the box. */
  readonly n: number;
  readonly present: PresentLevels;
}

/** The sample's grey levels (0 outside the ROI) on its grid, the grid's shape and spacing. */
function binnedSample(sample: string): { grid: Int32Array; shape: Vec3; spacing: Vec3; inRoi: number[] } {
  const image = readVolume(`${MRI}${sample}_image.nrrd`);
  const mask = readMask(`${MRI}${sample}_label.nrrd`, 1);
  const data = image.voxels.data as ArrayLike<number>;
  const roi = mask.volume.voxels.data as ArrayLike<number>;
  const inRoi: number[] = [];
  for (let i = 0; i < data.length; i++) if (roi[i] === 1) inRoi.push(i);
  const binned = discretise(Float64Array.from(inRoi, (i) => data[i]), { method: 'fixedBinSize', width: 25, lowerBound: null }).levels;
  const grid = new Int32Array(data.length);
  inRoi.forEach((i, k) => (grid[i] = binned[k]));
  return { grid, shape: image.shape, spacing: image.spacing, inRoi };
}

/** The grey levels of the 5^3 box around voxel c (0 outside the grid or the ROI). */
function kernelLevels(grid: Int32Array, shape: Vec3, c: number): Int32Array {
  const [nx, ny, nz] = shape;
  const cx = c % nx, cy = Math.floor(c / nx) % ny, cz = Math.floor(c / (nx * ny));
  const levels = new Int32Array(125);
  for (let z = -2, j = 0; z <= 2; z++)
    for (let y = -2; y <= 2; y++)
      for (let x = -2; x <= 2; x++, j++) {
        const [gx, gy, gz] = [cx + x, cy + y, cz + z];
        if (gx >= 0 && gx < nx && gy >= 0 && gy < ny && gz >= 0 && gz < nz) levels[j] = grid[gx + nx * (gy + ny * gz)];
      }
  return levels;
}

/** GLCMs of the 5^3 kernels (masked) around every `stride`-th ROI voxel of an MRI sample, one direction each, in turn; at least 2 levels and a pair. */
export function kernelGlcms(sample: string, stride: number): SampleGlcm[] {
  const { grid, shape, inRoi } = binnedSample(sample);
  const out: SampleGlcm[] = [];
  for (let k = 0, d = 0; k < inRoi.length; k += stride, d++) {
    const levels = kernelLevels(grid, shape, inRoi[k]);
    const present = presentLevels(levels);
    const { counts, size } = buildGlcm(levels, [5, 5, 5], DIRECTIONS_3D[d % 13], present);
    if (size >= 2 && counts.some((v) => v > 0)) out.push({ counts, n: size, present });
  }
  return out;
}

/** The 13 GLCMs of a sample's whole ROI (one per 3D direction). */
export function roiGlcms(sample: string): SampleGlcm[] {
  const { grid, shape } = binnedSample(sample);
  const present = presentLevels(grid);
  return DIRECTIONS_3D.map((direction) => {
    const { counts, size } = buildGlcm(grid, shape, direction, present);
    return { counts, n: size, present };
  });
}

/**
 * PyRadiomics' weighted merged GLCMs (weightingNorm, compat pyradiomics): sum_d w_d M_d over the 13
 * directions, w_d = exp(-||d||^2) under `norm` with the image spacing, added in direction order as
 * src/features/aggregate.ts does; counts that are not whole numbers. Those of the whole ROI, and of the
 * 5^3 kernels around every `stride`-th ROI voxel.
 */
export function weightedGlcms(sample: string, norm: WeightingNormName, stride: number): SampleGlcm[] {
  const { grid, shape, spacing, inRoi } = binnedSample(sample);
  const weights = DIRECTIONS_3D.map((d) => glcmDirectionWeight(d, spacing, norm));
  const merged = (levels: Int32Array, boxShape: Vec3): SampleGlcm => {
    const present = presentLevels(levels);
    let sum: Float64Array | null = null;
    DIRECTIONS_3D.forEach((direction, d) => {
      const { counts } = buildGlcm(levels, boxShape, direction, present);
      sum ??= new Float64Array(counts.length);
      for (let k = 0; k < counts.length; k++) sum[k] += weights[d] * counts[k];
    });
    return { counts: sum!, n: present.values.length, present };
  };
  const out = [merged(grid, shape)];
  for (let k = 0; k < inRoi.length; k += stride) {
    const levels = kernelLevels(grid, shape, inRoi[k]);
    const m = merged(levels, [5, 5, 5]);
    if (m.n >= 2 && m.counts.some((v) => v > 0)) out.push(m);
  }
  return out;
}

/**
 * PyRadiomics' asymmetric GLCMs (symmetricalGLCM false: each ordered pair once): the 13 of the whole ROI,
 * and one direction in turn of the 5^3 kernels around every `stride`-th ROI voxel.
 */
export function asymmetricGlcms(sample: string, stride: number): SampleGlcm[] {
  const { grid, shape, inRoi } = binnedSample(sample);
  const build = (levels: Int32Array, boxShape: Vec3, direction: Vec3): SampleGlcm => {
    const present = presentLevels(levels);
    const box = rankedBox(levels, boxShape, present);
    const counts = new Float64Array(box.size * box.size);
    accumulateGlcm(counts, box, direction, 0, boxShape[2], false);
    return { counts, n: box.size, present };
  };
  const out = DIRECTIONS_3D.map((direction) => build(grid, shape, direction));
  for (let k = 0, d = 0; k < inRoi.length; k += stride, d++) {
    const m = build(kernelLevels(grid, shape, inRoi[k]), [5, 5, 5], DIRECTIONS_3D[d % 13]);
    if (m.n >= 2 && m.counts.some((v) => v > 0)) out.push(m);
  }
  return out;
}
