import { RadiomicsError } from '../../errors.js';
import type { Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import { convolveSeparable } from './convolve.js';
import { float64Voxels, responseVolume, type FilterDims } from './grid.js';

export interface MeanFilterOptions {
  /** Support M in voxels along each filtered axis. */
  readonly support: number;
  readonly boundary: BoundaryMode;
  readonly dims: FilterDims;
}

/**
 * Mean filter (IBSI 2 manual, "Mean filter"): h(k) = 1 / M^d over an M^d cube of voxels (d = 2 or 3),
 * separable as d passes of a length-M kernel 1/M. Support is in voxels, as in the IBSI 2 tests (M = 15).
 */
export function meanFilter(image: Volume, o: MeanFilterOptions): Volume<Float64Array> {
  if (!Number.isInteger(o.support) || o.support < 1) throw new RadiomicsError('InvalidArgument', `mean filter support must be a positive integer, got ${o.support}`, { support: o.support });
  const k = new Float64Array(o.support).fill(1 / o.support);
  const data = convolveSeparable(float64Voxels(image), image.shape, [k, k, o.dims === '3D' ? k : null], o.boundary);
  return responseVolume(image, data);
}
