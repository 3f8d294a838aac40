import type { CompatMode } from '../compat/modes.js';
import type { Vec3, Volume } from '../image/volume.js';
import type { PresentLevels } from './levels.js';

/** IBSI aggregation methods for GLCM and GLRLM (manual section "Texture matrix aggregation"). */
export const MATRIX_AGGREGATIONS = ['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged', '3D_average', '3D_merged'] as const;
/** IBSI aggregation methods for GLSZM, GLDZM, NGTDM and NGLDM. */
export const ZONE_AGGREGATIONS = ['2D', '2.5D', '3D'] as const;

export type MatrixAggregation = (typeof MATRIX_AGGREGATIONS)[number];
export type ZoneAggregation = (typeof ZONE_AGGREGATIONS)[number];
export type Aggregation = MatrixAggregation | ZoneAggregation;

/** IBSI identifier code of each aggregation method (manual table of aggregation codes). */
export const AGGREGATION_IBSI: Readonly<Record<Aggregation, string>> = {
  '2D_average': 'BTW3',
  '2D_slice_merged': 'SUJT',
  '2.5D_direction_merged': 'JJUI',
  '2.5D_merged': 'ZW7Z',
  '3D_average': 'ITBB',
  '3D_merged': 'IAZD',
  '2D': '8QNN',
  '2.5D': '62GR',
  '3D': 'KOBO',
};

/**
 * One feature, as data. `compute` reads the family's statistics object S (computed once per matrix)
 * and returns the value; a non-finite result is reported as null with a warning built from `undefinedWhen`.
 */
export interface FeatureDef<S> {
  /** Name as printed in the IBSI 1 manual. */
  readonly name: string;
  /** IBSI permanent identifier, or null with `noIbsiReason`. */
  readonly ibsi: string | null;
  readonly noIbsiReason?: string;
  /** Definition in LaTeX, as in the manual. */
  readonly formula: string;
  /** Deviations from IBSI or PyRadiomics, or remarks for users. */
  readonly note?: string;
  /**
   * Computed only in this compatibility mode (a PyRadiomics definition, see src/compat/); absent means
   * in every mode. Such features carry ibsi null and say why in noIbsiReason.
   */
  readonly compat?: CompatMode;
  /** When the feature is undefined (e.g. "a single grey level: the variance is 0"). */
  readonly undefinedWhen?: string;
  readonly compute: (stats: S) => number;
}

export type FeatureTable<S> = { readonly [key: string]: FeatureDef<S> };

export const WARNING_CODES = {
  UndefinedFeature: 'The feature is undefined for this ROI (e.g. division by zero); its value is null.',
  FewVoxels: 'The ROI is very small; several features are unstable or undefined.',
  SliceSkipped: 'A slice holds no ROI voxel (or no voxel pair) and was left out of a 2D aggregation.',
  DirectionSkipped: 'A texture direction has no voxel pair in the ROI (the ROI is too thin along it) and was left out of a direction average.',
  ApproximateFeature: 'The feature was computed by an approximation (documented per feature) because the ROI is large.',
  ConstantFeature: 'Agreement statistics: the feature is constant over every subject and repeat (up to rounding relative to its magnitude), so it says nothing about agreement; its ICCs, CCC and wCV are null and it is never robust.',
  IncompleteSubjects: 'Agreement statistics: subjects without every repeat were left out (the statistics need a complete subjects x repeats design).',
  SingleSubject: 'Robustness with one case: ICCs need at least 2 subjects, so only the within-subject CV is reported.',
  LossyCompression: 'The image was read from lossy-compressed DICOM (JPEG, JPEG-LS near-lossless, JPEG 2000 or HTJ2K lossy, or Lossy Image Compression 01); compression changes texture features.',
  ImageTypeSkipped: "An image type was left out because this image cannot give it, as PyRadiomics leaves it out (compat pyradiomics): e.g. its LoG on an image with fewer than 4 voxels along an axis; no feature of that image type is in the output.",
  NotQuantitative: 'An MR image without a Real World Value Mapping (arbitrary scanner units) is discretised with a fixed bin size and no normalisation, which presumes physical units (e.g. ADC, T1 maps).',
} as const;
export type WarningCode = keyof typeof WARNING_CODES;

export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
  /** Feature id the warning concerns, when it concerns one. */
  readonly feature?: string;
}

/** One computed value as a family reports it; extract() turns it into a FeatureValue with id and codes. */
export interface RawFeatureValue {
  readonly feature: string;
  readonly aggregation: Aggregation | null;
  /** Neighbourhood / co-occurrence distance for families that have one (GLCM, NGTDM, NGLDM). */
  readonly distance?: number;
  readonly value: number | null;
}

export interface FamilyOutput {
  readonly values: readonly RawFeatureValue[];
  readonly warnings: readonly Warning[];
}

/** The result feature record, as `extract()` returns it. */
export interface FeatureValue {
  readonly id: string;
  readonly family: string;
  readonly name: string;
  readonly ibsi: string | null;
  readonly aggregation: Aggregation | null;
  readonly value: number | null;
}

/**
 * Input to the intensity-volume histogram: X_{d,gl} per ROI voxel, the total range G and the
 * discretisation interval w_d (IBSI 1 manual, "Intensity-volume histogram features").
 */
export interface IvhInput {
  readonly values: Float64Array;
  readonly rangeMin: number;
  readonly rangeMax: number;
  readonly step: number;
}

/**
 * What every family receives, built once by extract() after preprocessing. Arrays marked "box" cover
 * the bounding box of the union of the morphological and intensity masks, x fastest, at `boxOffset`
 * in the image grid. Neighbours outside the box are outside the ROI.
 */
export interface FamilyInput {
  /** Preprocessed image on its full grid (local intensity needs voxels outside the ROI). */
  readonly image: Volume;
  readonly boxOffset: Vec3;
  readonly boxShape: Vec3;
  readonly spacing: Vec3;
  /** box: 1 inside the intensity mask (after re-segmentation). */
  readonly intensityMask: Uint8Array;
  /** box: 1 inside the morphological mask (before re-segmentation). */
  readonly morphMask: Uint8Array;
  /** box: preprocessed intensities. */
  readonly intensities: Float64Array;
  /** Intensities of the intensity-mask voxels, in box order (x fastest). */
  readonly roiValues: Float64Array;
  /** box: discretised grey levels 1..nBins inside the intensity mask, 0 outside. */
  readonly levels: Int32Array;
  /** Number of bins N_g of the discretisation (FBN: bins; FBS: highest bin index in the ROI). */
  readonly nBins: number;
  readonly ivh: IvhInput;
  /**
   * The grey levels present in `levels` (presentLevels), when the caller has them: feature maps make them
   * once per kernel for all its texture families (kernel.ts). Absent, a family makes its own. Read only.
   */
  readonly present?: PresentLevels;
}

/** A feature family: its table (for docs and ids) and its computation. */
export interface FamilyDefinition<S, P> {
  /** Short name used in ids and config keys, e.g. "glcm". */
  readonly name: string;
  /** Family heading in the IBSI manual. */
  readonly title: string;
  readonly ibsi: string;
  readonly features: FeatureTable<S>;
  readonly compute: (input: FamilyInput, params: P) => FamilyOutput;
}
