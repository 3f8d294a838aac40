/**
 * IBSI 2 convolutional filters (Depeursinge et al., "Standardised convolutional filtering for radiomics",
 * arXiv 2006.05470; Whybra et al., Radiology 2024): each a pure Volume -> Volume step returning a
 * Float64 response map on the same grid. One file per filter family; shared pieces are boundary.ts,
 * convolve.ts (separable convolution), fftnd.ts (FFT convolution) and rotation.ts (rotation pooling).
 */
import type { Volume } from '../../image/volume.js';
import type { BoundaryMode } from './boundary.js';
import type { FilterDims } from './grid.js';
import { gaborFilter } from './gabor.js';
import { lawsFilter } from './laws.js';
import { logFilter } from './log.js';
import { meanFilter } from './mean.js';
import { rieszLogFilter, type RieszOrder } from './riesz.js';
import { simoncelliFilter } from './simoncelli.js';
import { waveletFilter, type SeparableWavelet } from './wavelet.js';

export { BOUNDARY_MODES, boundaryIndex, type BoundaryMode } from './boundary.js';
export { convolveAxis, convolveSeparable } from './convolve.js';
export { ROTATIONS_2D, ROTATIONS_3D, rotatedKernelSets } from './rotation.js';
export type { FilterDims } from './grid.js';
export { meanFilter, type MeanFilterOptions } from './mean.js';
export { logFilter, type LogFilterOptions } from './log.js';
export { lawsFilter, lawsKernels, LAWS_KERNEL_NAMES, type LawsFilterOptions } from './laws.js';
export { gaborFilter, type GaborFilterOptions } from './gabor.js';
export { waveletFilter, waveletKernels, SEPARABLE_WAVELETS, type SeparableWavelet, type WaveletFilterOptions } from './wavelet.js';
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
  | ({
      readonly type: 'gabor';
      readonly sigma: number;
      readonly gamma: number;
      readonly lambda: number;
      readonly theta: number;
      readonly rotationInvariant: boolean;
      readonly thetaStep: number;
      readonly truncate: number;
      readonly response: 'modulus' | 'real' | 'imaginary';
    } & Common)
  | ({ readonly type: 'wavelet'; readonly wavelet: SeparableWavelet; readonly decomposition: string; readonly level: number; readonly rotationInvariant: boolean } & Common)
  | ({ readonly type: 'simoncelli'; readonly level: number; readonly riesz: RieszOrder | null } & Common);

export type FilterType = FilterSpec['type'];

/** Applies one filter; the response map keeps the image's grid. */
export function applyFilter(image: Volume, spec: FilterSpec): Volume<Float64Array> {
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
  }
}
