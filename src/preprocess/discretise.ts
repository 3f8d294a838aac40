import { RadiomicsError } from '../errors.js';
import { CHUNK, valueRange } from '../util/valueRange.js';

/** Discretisation settings (IBSI 1 manual, "Intensity discretisation"). */
export type Discretisation =
  | { readonly method: 'fixedBinNumber'; readonly bins: number }
  | {
      readonly method: 'fixedBinSize';
      readonly width: number;
      /** X_min of the bins; null = the re-segmentation lower bound, else the ROI minimum. */
      readonly lowerBound: number | null;
      /**
       * 'ibsi' (default): bins start at X_min. 'pyradiomics': bins start at w * floor(ROI minimum / w), as
       * PyRadiomics anchors them at multiples of w (a deviation from IBSI; lowerBound must then be null).
       */
      readonly binning?: 'ibsi' | 'pyradiomics';
    };

/** Above this many bins a fixed bin size is certainly a mistake (and would overflow the level arrays). */
const MAX_BINS = 1 << 24;

export interface DiscretisedRoi {
  /** Bin index 1..nBins per input value. */
  readonly levels: Int32Array;
  /** N_g: the bin count (FBN) or the highest bin index reached (FBS). */
  readonly nBins: number;
  /** X_min used for the bins. */
  readonly lowerBound: number;
}

/**
 * Discretises ROI intensities.
 * Fixed bin number (IBSI K15C): X_d = floor(N_g (X - X_min) / (X_max - X_min)) + 1, and X_max -> N_g;
 *   X_min, X_max are the ROI extremes. A constant ROI gets one bin.
 * Fixed bin size (IBSI Q3RU): X_d = floor((X - X_min) / w) + 1, with X_min the given lower bound.
 *   binning 'pyradiomics' takes X_min = w * floor(min / w) (PyRadiomics' getBinEdges: bins anchored at
 *   multiples of w, whatever the re-segmentation range), which is not IBSI.
 */
export function discretise(values: Float64Array, d: Discretisation, resegmentationMin: number | null = null): DiscretisedRoi {
  const n = values.length;
  const levels = new Int32Array(n);
  const [min, max] = valueRange(values);
  // The loops run in chunks, one helper call each (see util/valueRange.ts: V8 optimises the helpers).
  if (d.method === 'fixedBinNumber') {
    const ng = d.bins;
    const range = max - min;
    for (let start = 0; start < n; start += CHUNK) binNumberLevels(values, start, Math.min(n, start + CHUNK), min, range, ng, levels);
    return { levels, nBins: ng, lowerBound: min };
  }
  const lower = d.binning === 'pyradiomics' ? d.width * Math.floor(min / d.width) : d.lowerBound ?? resegmentationMin ?? min;
  const w = d.width;
  let top = 0;
  for (let start = 0; start < n; start += CHUNK) top = Math.max(top, binSizeLevels(values, start, Math.min(n, start + CHUNK), lower, w, min, max, levels));
  return { levels, nBins: top, lowerBound: lower };
}

/** Fixed bin number levels of values[start .. end - 1] into `levels` (range = X_max - X_min; 0: one bin). */
function binNumberLevels(values: Float64Array, start: number, end: number, min: number, range: number, ng: number, levels: Int32Array): void {
  for (let i = start; i < end; i++) {
    if (range === 0) levels[i] = 1;
    else {
      const b = Math.floor((ng * (values[i] - min)) / range) + 1;
      levels[i] = b > ng ? ng : b;
    }
  }
}

/** Fixed bin size levels of values[start .. end - 1] into `levels`; returns the highest (0 for none). min and max (of the ROI) are for the messages. */
function binSizeLevels(values: Float64Array, start: number, end: number, lower: number, w: number, min: number, max: number, levels: Int32Array): number {
  let top = 0;
  for (let i = start; i < end; i++) {
    const b = Math.floor((values[i] - lower) / w) + 1;
    if (b < 1) {
      throw new RadiomicsError('InvalidConfig', `discretisation.lowerBound ${lower} is above an ROI intensity (${values[i]}); fixed bin size needs a lower bound at or below the ROI minimum`, { key: 'discretisation.lowerBound', lowerBound: lower, value: values[i] });
    }
    if (b > MAX_BINS) {
      throw new RadiomicsError('MatrixTooLarge', `fixed bin size ${w} splits the ROI range [${min}, ${max}] into more than ${MAX_BINS} bins; use fixedBinNumber or a wider width`, { key: 'discretisation.width', width: w, min, max });
    }
    levels[i] = b;
    if (b > top) top = b;
  }
  return top;
}
