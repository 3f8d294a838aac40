/**
 * IBSI 2 convolutional filters (Depeursinge et al., "Standardised convolutional filtering for radiomics",
 * arXiv 2006.05470; Whybra et al., Radiology 2024): each a pure Volume -> Volume step returning a
 * Float64 response map on the same grid. One file per filter family; shared pieces are boundary.ts,
 * convolve.ts (separable convolution), fftnd.ts (FFT convolution) and rotation.ts (rotation pooling).
 */
import type { Geometry, Vec3, Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import type { FilterDims } from './grid.js';
import { gaborFilter, gaborRadius, type GaborFilterOptions } from './gabor.js';
import { lawsFilter, lawsKernels } from './laws.js';
import { logKernelRadii, logKernels, logFilter } from './log.js';
import { meanFilter } from './mean.js';
import { rieszLogFilter, type RieszOrder } from './riesz.js';
import { simoncelliFilter } from './simoncelli.js';
import { stationaryWaveletFilter, waveletFilter, waveletKernels, type SeparableWavelet } from './wavelet.js';
import { intensityMapFilter, type IntensityMap } from './intensityMaps.js';
import { lbp2dFilter, type LbpMethod } from './lbp2d.js';
import { gradientMagnitudeFilter } from './gradient.js';
import { lbp3dFilter, type FilterRegion } from './lbp3d.js';
import { recursiveLogFilter } from './recursiveGaussian.js';

export { BOUNDARY_MODES, boundaryIndex, type BoundaryMode } from './boundary.js';
export { convolveAxis, convolveSeparable } from './convolve.js';
export { ROTATIONS_2D, ROTATIONS_3D, rotatedKernelSets } from './rotation.js';
export type { FilterDims } from './grid.js';
export { meanFilter, type MeanFilterOptions } from './mean.js';
export { logFilter, type LogFilterOptions } from './log.js';
export { lawsFilter, lawsKernels, LAWS_KERNEL_NAMES, type LawsFilterOptions } from './laws.js';
export { gaborFilter, type GaborFilterOptions } from './gabor.js';
export { SEPARABLE_WAVELETS_TEXT, decompositionFilters, type DecompositionFilters } from './waveletFilterBank.js';
export { waveletFilter, waveletKernels, stationaryWaveletFilter, SEPARABLE_WAVELETS, type SeparableWavelet, type WaveletFilterOptions, type StationaryWaveletOptions } from './wavelet.js';
export { intensityMapFilter, INTENSITY_MAPS, type IntensityMap } from './intensityMaps.js';
export { lbp2dFilter, LBP_METHODS, type LbpMethod, type Lbp2dOptions } from './lbp2d.js';
export { gradientMagnitudeFilter, type GradientFilterOptions } from './gradient.js';
export { lbp3dFilter, icosphereVertices, type Lbp3dOptions, type FilterRegion } from './lbp3d.js';
export { recursiveLogFilter, recursiveGaussianCoefficients, type RecursiveLogOptions, type GaussianOrder } from './recursiveGaussian.js';
export { simoncelliFilter, simoncelliTransfer, type SimoncelliFilterOptions } from './simoncelli.js';
export { rieszLogFilter, rieszTransfer, type RieszOrder } from './riesz.js';

interface Common {
  readonly boundary: BoundaryMode;
  readonly dims: FilterDims;
}
/** A filter and all of its settings, as the config's imageTypes list holds them (resolved, no defaults left). */
export type FilterSpec =
  | ({ readonly type: 'mean'; readonly support: number } & Common)
  | ({ readonly type: 'log'; readonly sigma: number; readonly truncate: number; readonly riesz: RieszOrder | null } & Common)
  | ({ readonly type: 'laws'; readonly kernels: string; readonly rotationInvariant: boolean; readonly energyDelta: number | null } & Common)
  | ({ readonly type: 'gabor' } & GaborFilterOptions)
  | ({ readonly type: 'wavelet'; readonly wavelet: SeparableWavelet; readonly decomposition: string; readonly level: number; readonly rotationInvariant: boolean } & Common)
  | ({ readonly type: 'simoncelli'; readonly level: number; readonly riesz: RieszOrder | null } & Common)
  // PyRadiomics' image types (docs/pyradiomics.md): boundary and dims as their definitions fix them.
  | ({ readonly type: IntensityMap } & Common)
  | ({ readonly type: 'lbp2d'; readonly samples: number; readonly radius: number; readonly method: LbpMethod } & Common)
  | ({ readonly type: 'swt'; readonly wavelet: SeparableWavelet; readonly decomposition: string; readonly level: number } & Common)
  | ({ readonly type: 'gradient'; readonly useSpacing: boolean } & Common)
  | ({ readonly type: 'recursiveLog'; readonly sigma: number } & Common)
  | ({ readonly type: 'lbp3d'; readonly levels: number; readonly icosphereRadius: number; readonly icosphereSubdivision: number; readonly output: string } & Common);

export type FilterType = FilterSpec['type'];

/**
 * Applies one filter; the response map keeps the image's grid. `region`, the box of voxels whose response
 * is used, lets a filter that computes voxel by voxel over the whole image (LBP3D) skip the rest (0 there).
 */
export function applyFilter(image: Volume, spec: FilterSpec, region?: FilterRegion): Volume<Float64Array> {
  switch (spec.type) {
    case 'mean':
      return meanFilter(image, spec);
    case 'log':
      return spec.riesz ? rieszLogFilter(image, spec, spec.riesz) : logFilter(image, spec);
    case 'laws':
      return lawsFilter(image, spec);
    case 'gabor':
      return gaborFilter(image, spec);
    case 'wavelet':
      return waveletFilter(image, spec);
    case 'simoncelli':
      return simoncelliFilter(image, spec);
    case 'square':
    case 'squareRoot':
    case 'logarithm':
    case 'exponential':
      return intensityMapFilter(image, spec.type);
    case 'lbp2d':
      return lbp2dFilter(image, spec);
    case 'swt':
      return stationaryWaveletFilter(image, spec);
    case 'gradient':
      return gradientMagnitudeFilter(image, spec);
    case 'lbp3d':
      return lbp3dFilter(image, spec, region);
    case 'recursiveLog':
      return recursiveLogFilter(image, spec);
  }
}

/**
 * Multiply-adds of a filter whose cost grows with its settings on every voxel of the region it is computed
 * on (LBP3D: 10 * 4^subdivision + 2 icosphere neighbours, each a 4 x 4 x 4-tap cubic spline sample), with
 * the setting to lower, so that extract refuses a subdivision that would run for hours (WorkTooLarge).
 * Null for other filters.
 */
export function regionBoundWork(spec: FilterSpec, regionVoxels: number): { work: number; what: string } | null {
  if (spec.type !== 'lbp3d') return null;
  const neighbours = 10 * 4 ** spec.icosphereSubdivision + 2;
  return { work: regionVoxels * neighbours * 64, what: `${neighbours} icosphere neighbours (icosphereSubdivision ${spec.icosphereSubdivision}) x 64 spline taps` };
}

/**
 * Multiply-adds of a filter over `voxels` voxels where a voxel spacing sets the kernel size (LoG: d
 * separable terms of d passes, each pass as many taps as the kernel is long on its axis), so that a tiny
 * spacing (1e-5 mm: kernels of 10^6 taps) is refused before the kernels are even allocated. Null for
 * filters whose cost the image alone bounds (kernels in voxels, or Fourier-domain filters on the image).
 */
export function spacingBoundWork(spec: FilterSpec, spacing: Vec3, voxels: number): number | null {
  if (spec.type !== 'log' || spec.riesz) return null;
  const d = spec.dims === '3D' ? 3 : 2;
  const taps = logKernelRadii(spacing, spec, d).reduce((sum, r) => sum + 2 * r + 1, 0);
  return voxels * d * taps;
}

/**
 * How far, in voxels along [x, y, z], a response voxel reads the image: the response inside a region
 * depends only on the image within that region grown by this radius (and on the boundary condition at
 * the true image edges), so it can be computed on such a crop with identical results. Null for filters
 * that act on the whole image (Simoncelli, Riesz: Fourier domain), and for a Gabor kernel limited by the
 * plane size rather than by its truncation (cropping would change the kernel).
 */
export function supportRadius(spec: FilterSpec, image: Geometry): Vec3 | null {
  const d3 = spec.dims === '3D';
  const same = (r: number): Vec3 => [r, r, d3 ? r : 0];
  switch (spec.type) {
    case 'mean':
      return same(Math.floor(spec.support / 2));
    case 'log': {
      if (spec.riesz) return null;
      const { gauss } = logKernels(image.spacing, spec, d3 ? 3 : 2);
      const r = gauss.map((g) => (g.length - 1) / 2);
      return [r[0], r[1], d3 ? r[2] : 0];
    }
    case 'laws': {
      const half = Math.max(...lawsKernels(spec.kernels, spec.dims).map((k) => (k.length - 1) / 2));
      return same(half + (spec.energyDelta ?? 0));
    }
    case 'wavelet': {
      const half = (waveletKernels(spec.wavelet)[0].length - 1) / 2;
      return same(half * (2 ** spec.level - 1));
    }
    case 'gabor': {
      const planes = spec.rotationInvariant && d3 ? [[1, 0], [2, 0], [2, 1]] : [[1, 0]];
      let r = 0;
      for (const [a, b] of planes) {
        const g = gaborRadius(image.shape[a], image.shape[b], Math.max(image.spacing[a], image.spacing[b]), spec);
        if (!g.truncated) return null;
        r = Math.max(r, g.radius);
      }
      return planes.length === 3 ? [r, r, r] : [r, r, 0];
    }
    case 'simoncelli':
      return null;
    // ITK's central difference reads one voxel each side; its Neumann boundary acts at the true image edges only.
    case 'gradient':
      return same(1);
    // PyRadiomics' image types act on the whole image: the point-wise maps scale by its maximum, the
    // stationary wavelet is periodic over it, LBP2D pads each slice with 0 at its edges, LBP3D's cubic
    // spline coefficients depend on the whole image (recursive prefilter), and so does ITK's recursive LoG.
    default:
      return null;
  }
}
