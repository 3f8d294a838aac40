import { RadiomicsError } from './errors.js';
import { COMPAT_MODES, type CompatMode } from './compat/modes.js';
import type { Discretisation } from './preprocess/discretise.js';
import { FAMILIES, FAMILY_NAMES, type FamilyName } from './features/registry.js';
import { MATRIX_AGGREGATIONS, ZONE_AGGREGATIONS, type MatrixAggregation, type ZoneAggregation } from './features/types.js';
import { imageTypeId } from './features/id.js';
import { SHAPE2D_AXES, type Shape2dAxis } from './features/morphology/shape2d.js';
import { BOUNDARY_MODES, LBP_METHODS, SEPARABLE_WAVELETS, SEPARABLE_WAVELETS_TEXT, lawsKernels, type BoundaryMode, type FilterSpec } from './preprocess/filters/index.js';

/**
 * One config type, one set of defaults (DEFAULTS), one resolver (resolveConfig). The resolved config is
 * frozen and echoed whole in every result's provenance. docs/config.md is generated from OPTION_DOCS.
 */


/** IVH discretisation: none (calibrated discrete intensities, e.g. CT HU) or a separate FBS / FBN. */
export type IvhDiscretisation = { readonly method: 'none' } | Discretisation;

export { FAMILY_NAMES, type FamilyName };

export type Interpolator = 'nearest' | 'linear' | 'cubic';

/** Resampling to a new voxel spacing (IBSI "Interpolation"); two spacings mean in-plane (2D) only. */
export interface ResamplingConfig {
  readonly spacing: readonly number[];
  readonly interpolator: Interpolator;
  readonly roundIntensities: boolean;
  readonly maskInterpolator: 'nearest' | 'linear';
  readonly partialVolumeThreshold: number;
  /** ibsi: centre-aligned grid over the whole image (IBSI). pyradiomics: PyRadiomics' grid (src/preprocess/resamplePyradiomics.ts), compat pyradiomics only. */
  readonly grid: ResamplingGrid;
  /** Voxels of the new grid kept around the ROI bounding box (PyRadiomics' padDistance); pyradiomics grid only. */
  readonly padDistance: number;
}

export type ResamplingGrid = 'ibsi' | 'pyradiomics';

/** PyRadiomics' weightingNorm: how the direction matrices are weighted when merged (src/compat/directionWeights.ts). */
export type WeightingNorm = 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting';
export const WEIGHTING_NORMS: readonly WeightingNorm[] = ['manhattan', 'euclidean', 'infinity', 'no_weighting'];

/** How resegmentation.range is read: intensities (IBSI), fractions of the ROI maximum, or multiples of sigma about the mean (PyRadiomics resegmentMode). */
export type ResegmentationMode = 'absolute' | 'relative' | 'sigma';

/** Intensity normalisation before any other step (MRI has no absolute intensity scale). */
export type NormalisationConfig =
  | { readonly method: 'none' }
  | { readonly method: 'zscore'; readonly region: NormalisationRegion; readonly scale: number; readonly clip: number | null }
  | { readonly method: 'range'; readonly region: NormalisationRegion; readonly outMin: number; readonly outMax: number }
  | { readonly method: 'percentile'; readonly region: NormalisationRegion; readonly lower: number; readonly upper: number; readonly outMin: number; readonly outMax: number; readonly saturate: boolean }
  | { readonly method: 'nyul'; readonly region: NormalisationRegion; readonly model: unknown };
/** Voxels whose statistics define the normalisation: the ROI, the image foreground (Otsu), or the whole image. */
export type NormalisationRegion = 'roi' | 'foreground' | 'image';

/**
 * An image whose features are extracted: the (preprocessed) original, or a convolutional filter's response
 * map with all its settings (IBSI 2). `name` labels its feature ids; null uses imageTypeLabel().
 */
export type ImageType = ({ readonly type: 'original' } | FilterSpec) & { readonly name: string | null };

export interface ExtractConfig {
  readonly families: readonly FamilyName[];
  /**
   * Base feature ids (family.feature, e.g. "glcm.jointMaximum") to compute, or null for every feature of
   * `families`. Families compute and output only these, and skip the work no selected feature needs.
   */
  readonly features: readonly string[] | null;
  readonly imageTypes: readonly ImageType[];
  readonly normalisation: NormalisationConfig;
  readonly resampling: ResamplingConfig | null;
  readonly resegmentation: {
    readonly range: readonly [number | null, number | null] | null;
    readonly outlierSigma: number | null;
    readonly mode: ResegmentationMode;
    /** Shape (morph) features on the re-segmented mask too (PyRadiomics resegmentShape); IBSI keeps the morphological mask. */
    readonly applyToMorphology: boolean;
  };
  /** Checks that refuse a small ROI (RoiTooSmall), as PyRadiomics' checkMask does; null: none beyond EmptyMask and OneVoxelMask. */
  readonly roiChecks: { readonly minimumDimensions: number; readonly minimumVoxels: number } | null;
  /** Relative tolerance of the image / mask geometry comparison (checkSameGeometry). */
  readonly geometryTolerance: number;
  /** A mask on another grid is resampled onto the image's (nearest neighbour) when its ROI lies within the image (PyRadiomics correctMask); false: GeometryMismatch. */
  readonly maskToImageGrid: boolean;
  readonly discretisation: Discretisation;
  readonly ivhDiscretisation: IvhDiscretisation;
  readonly glcm: {
    readonly aggregations: readonly MatrixAggregation[];
    readonly distance: number;
    /** PyRadiomics' distances (compat pyradiomics): every offset whose Chebyshev norm is in the list; null: the IBSI offsets (directions x distance). */
    readonly pyradiomicsDistances: readonly number[] | null;
    /** Count each pair in both orders (IBSI, PyRadiomics' default); false: PyRadiomics' symmetricalGLCM false (compat pyradiomics). */
    readonly symmetric: boolean;
    /** Weights of the direction matrices in the merged aggregations (PyRadiomics weightingNorm, compat pyradiomics); null: plain sum. */
    readonly weightingNorm: WeightingNorm | null;
  };
  readonly glrlm: { readonly aggregations: readonly MatrixAggregation[]; readonly weightingNorm: WeightingNorm | null };
  readonly glszm: { readonly aggregations: readonly ZoneAggregation[] };
  readonly gldzm: { readonly aggregations: readonly ZoneAggregation[] };
  readonly ngtdm: { readonly aggregations: readonly ZoneAggregation[]; readonly distance: number };
  readonly ngldm: { readonly aggregations: readonly ZoneAggregation[]; readonly distance: number; readonly alpha: number };
  readonly limits: { readonly maxMatrixBytes: number; readonly maxWork: number };
  /** ibsi (default) or pyradiomics: adds PyRadiomics' definitions where they deviate from IBSI (src/compat/). */
  readonly compat: CompatMode;
  /** PyRadiomics' voxelArrayShift c, added to the intensities of its Energy, TotalEnergy and RMS (compat pyradiomics only). */
  readonly voxelArrayShift: number;
  /** PyRadiomics' shape2D features (compat pyradiomics only): the axis the ROI is one slice thick along, or null (none). */
  readonly shape2D: Shape2dAxis | null;
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { -readonly [K in keyof T]?: DeepPartial<T[K]> } : T;
/** An image type as users write it: its type, and any of its settings (the rest take their defaults). */
export type ImageTypeInput = ImageType extends infer T ? (T extends { readonly type: infer K } ? { readonly type: K } & Partial<Omit<T, 'type'>> : never) : never;
/** What users write: any subset of ExtractConfig. */
export type ConfigInput = Omit<DeepPartial<ExtractConfig>, 'imageTypes'> & { imageTypes?: readonly ImageTypeInput[] };

export const DEFAULTS: ExtractConfig = deepFreeze({
  families: [...FAMILY_NAMES],
  features: null,
  imageTypes: [{ type: 'original', name: null }],
  normalisation: { method: 'none' },
  resampling: null,
  resegmentation: { range: null, outlierSigma: null, mode: 'absolute', applyToMorphology: false },
  roiChecks: null,
  geometryTolerance: 1e-4,
  maskToImageGrid: false,
  discretisation: { method: 'fixedBinNumber', bins: 32 },
  ivhDiscretisation: { method: 'fixedBinNumber', bins: 1000 },
  glcm: { aggregations: ['3D_average', '3D_merged'], distance: 1, pyradiomicsDistances: null, symmetric: true, weightingNorm: null },
  glrlm: { aggregations: ['3D_average', '3D_merged'], weightingNorm: null },
  glszm: { aggregations: ['3D'] },
  gldzm: { aggregations: ['3D'] },
  ngtdm: { aggregations: ['3D'], distance: 1 },
  ngldm: { aggregations: ['3D'], distance: 1, alpha: 0 },
  limits: { maxMatrixBytes: 512 * 2 ** 20, maxWork: 1e10 },
  compat: 'ibsi',
  voxelArrayShift: 0,
  shape2D: null,
});

/** Every option: what it does, its default (from DEFAULTS) and its cost. Source of docs/config.md. */
export const OPTION_DOCS: Readonly<Record<string, { doc: string; cost: string }>> = {
  families: { doc: `Feature families to compute, any of ${FAMILY_NAMES.join(', ')}.`, cost: 'Each family adds its own time; morph (mesh, hull, Moran) and glszm/gldzm dominate on large ROIs.' },
  features: { doc: 'null (default: every feature of families) or a list of base feature ids, family.feature as `radiomics features` lists them (e.g. ["stat.mean", "glcm.jointMaximum"]): only these are computed and output, for every aggregation, distance and image type the config asks for, with the same values as without the selection. Features of a family left out of families are not computed. An unknown id, or a compat-only feature in another mode, is an InvalidConfig error. parsePyradiomicsParams sets it to the features PyRadiomics computes for the parameter file.', cost: "Saves the work no selected feature needs: a family with no selected feature is skipped; morph computes the mesh, convex hull, oriented bounding box, enclosing ellipsoid, PyRadiomics' mesh and plane diameters, intensity centre and Moran / Geary pair sums (its largest costs) only for the features that read them; the texture families still build their matrices." },
  imageTypes: { doc: 'Images whose features are extracted, a list of {type, ...settings, name?}. original: the preprocessed image, all families. A filter type: its response map (IBSI 2), computed on the whole image after resampling and before re-segmentation; the intensity-based families (stat, ih, ivh and texture) are computed on it over the ROI re-segmented on the original intensities (IBSI 2 phase 2); morph and li stay on the original. Its discretisation starts at the ROI minimum of the response. Feature ids get the prefix "<label>:", the label being name or imageTypeLabel (e.g. "log-sigma1.5-truncate4-rieszNone-reflect-3D:stat.mean"); original ids have no prefix unless the original is given a name. Every filter takes boundary: constant | nearest | wrap | reflect | mirror (default reflect = IBSI "mirror", half-sample symmetric) and dims: 2D (slice-wise) | 3D (default).', cost: 'One response map per filter type (a few image-sized arrays); then the chosen families again per image type.' },
  'imageTypes.mean': { doc: '{type: mean, support} : mean filter over support^d voxels (support in voxels).', cost: 'd passes of support taps per voxel.' },
  'imageTypes.log': { doc: '{type: log, sigma (mm), truncate (4), riesz (null or [lx, ly, lz], 3D)} : Laplacian of Gaussian, kernel cut at truncate*sigma; riesz applies a Riesz transform of that order.', cost: 'd separable terms of 1 + 2 round(truncate sigma/spacing) taps; with riesz an FFT of the image extended by the kernel half-width.' },
  'imageTypes.laws': { doc: '{type: laws, kernels (e.g. "L5E5E5"; 3 names in 3D, 2 in 2D, x first), rotationInvariant (false; max pooling over 24/4 right-angle rotations), energyDelta (null or delta: mean of |response| over (2 delta + 1)^d)} : Laws kernels, normalised.', cost: 'Up to 24 separable responses with rotation invariance.' },
  'imageTypes.gabor': { doc: '{type: gabor, sigma (mm), gamma, lambda (mm), theta (0, degrees), rotationInvariant (false; mean over theta steps and, in 3D, the three orthogonal planes), thetaStep (45, degrees), truncate (4), response (modulus | real | imaginary)} : 2D Gabor filter in image planes.', cost: 'Two 2D FFTs per slice, plane and orientation; the largest of the filters.' },
  'imageTypes.wavelet': { doc: '{type: wavelet, wavelet (any PyWavelets discrete wavelet: haar, db1-db38, sym2-sym20, coif1-coif17, bior1.1-bior6.8, rbio1.1-rbio6.8, dmey), decomposition (e.g. "LLH", x first), level (1), rotationInvariant (false; mean over the distinct right-angle rotations)} : undecimated separable wavelet.', cost: 'Up to 24 separable responses per level with rotation invariance.' },
  'imageTypes.square': { doc: "{type: square} (and squareRoot, logarithm, exponential): PyRadiomics' point-wise image types, scaled by m = max |x| of the whole image: (x / sqrt m)^2; sign(x) sqrt(|x| m); sign(x) log(|x| + 1) rescaled to max m; exp(x log(m) / m). Not IBSI 2 filters (docs/pyradiomics.md).", cost: 'One pass over the image.' },
  'imageTypes.lbp2d': { doc: "{type: lbp2d, samples (8), radius (1, voxels), method (uniform | default | ror | nri_uniform | var)}: PyRadiomics' LBP2D, scikit-image's local_binary_pattern on every axial slice (bilinear samples, 0 outside). dims 2D and boundary constant only.", cost: 'samples bilinear samples per voxel.' },
  'imageTypes.swt': { doc: "{type: swt, wavelet (coif1; any PyWavelets discrete wavelet, as for wavelet), decomposition (e.g. LLH, x first; LLL the approximation), level (1)}: PyRadiomics' Wavelet, PyWavelets' swtn level by level on the previous approximation (filters not dilated), periodic, odd axes extended by one voxel. boundary wrap only; dims 2D transforms x and y only (PyRadiomics force2D).", cost: 'level separable passes of the filter length over the whole image.' },
  'imageTypes.gradient': { doc: "{type: gradient, useSpacing (true)}: PyRadiomics' Gradient, SimpleITK's GradientMagnitudeImageFilter: sqrt of the sum over axes of the central difference (x[i+1] - x[i-1]) / 2, divided by the spacing with useSpacing; the edge voxel repeats at the image edges (ITK zero-flux Neumann). boundary nearest only; dims 2D uses x and y only.", cost: 'One pass over the ROI box grown by one voxel.' },
  'imageTypes.recursiveLog': { doc: "{type: recursiveLog, sigma (mm)}: PyRadiomics' LoG, SimpleITK's LaplacianRecursiveGaussianImageFilter with scale normalisation: sigma^2 times the sum over axes of ITK's recursive (Deriche 4th order, Farnebäck-Westin parameters) second-derivative pass along the axis and Gaussian passes along the others, edge values continued beyond the image. An approximation of the Gaussian (about 1% of the peak response from the exact LoG); use log for the IBSI 2 LoG. boundary nearest and dims 3D only; at least 4 voxels per axis (compat pyradiomics leaves the image type out with an ImageTypeSkipped warning when an axis has fewer than 4, or fewer than ceil(sigma / spacing) + 1, voxels, as PyRadiomics does).", cost: '9 recursive passes over the whole image, independent of sigma.' },
  'imageTypes.lbp3d': { doc: "{type: lbp3d, levels (2), icosphereRadius (1, voxels), icosphereSubdivision (1: 42 neighbours), output (k | m1 .. m<levels>)}: PyRadiomics' LBP3D: cubic B-spline samples on an icosphere around each voxel, the kurtosis image (k) or the spherical-harmonic level images (m1, m2, ...), named lbp-3D-k, lbp-3D-m1, ... by PyRadiomics. dims 3D and boundary constant only; computed on the ROI box, 0 elsewhere.", cost: 'A spline prefilter of the whole image, then 64 taps per neighbour (42 by default) per ROI-box voxel.' },
  'imageTypes.simoncelli': { doc: '{type: simoncelli, level (1), riesz (null or [lx, ly, lz])} : non-separable Simoncelli wavelet in the Fourier domain; periodic for boundary wrap, else the image is extended by half its size with the boundary condition.', cost: 'Two FFTs of the (extended) image.' },
  normalisation: { doc: 'Intensity normalisation, applied first: {method: none} | {method: zscore, region, scale (default 1), clip (default null: z clipped to [-clip, clip] before scaling)} | {method: range, region, outMin, outMax} | {method: percentile, region, lower, upper, outMin, outMax, saturate} | {method: nyul, region, model} (model from fitNyul on a training cohort). region: roi, foreground (Otsu) or image.', cost: 'One pass over the image (percentile and nyul: a sort of the region).' },
  resampling: { doc: "null (no resampling) or {spacing: [x, y, z] mm, or [x, y] for in-plane (2D) only; interpolator: nearest | linear | cubic (cubic B-spline, IBSI config E); roundIntensities; maskInterpolator: nearest | linear; partialVolumeThreshold (0.5)}. grid: ibsi (default; grid centres aligned, size by ceiling, edge padding) or pyradiomics (compat pyradiomics: PyRadiomics' grid, corner-aligned and cropped to the ROI bounding box padded by padDistance (5) new voxels; cubic is then SimpleITK's B-spline, values outside the image 0, integer images stay integer; mask nearest neighbour; src/preprocess/resamplePyradiomics.ts).", cost: 'One separable pass over the output grid; cubic adds a prefilter pass.' },
  'resegmentation.range': { doc: 'Intensity range [low, high] kept in the intensity mask; either bound may be null (open). The morphological mask is not changed.', cost: 'None.' },
  'resegmentation.outlierSigma': { doc: 'Remove ROI voxels outside mean +- n sigma (IBSI outlier filtering); null disables.', cost: 'None.' },
  'resegmentation.mode': { doc: "How range is read (PyRadiomics resegmentMode): absolute (intensities, IBSI), relative (fractions of the ROI maximum: [a max, b max]) or sigma (multiples of the ROI's population SD about its mean: [mean + a sd, mean + b sd]), over the ROI after interpolation.", cost: 'One pass over the ROI.' },
  'resegmentation.applyToMorphology': { doc: "true: shape (morph) features use the re-segmented mask too (PyRadiomics resegmentShape, e.g. PET thresholds). false (IBSI): they use the mask as segmented.", cost: 'None.' },
  roiChecks: { doc: 'null (default: an empty ROI is EmptyMask, a one-voxel ROI OneVoxelMask) or {minimumDimensions (1), minimumVoxels (2)}: the checks of PyRadiomics checkMask, on the ROI after interpolation and, when re-segmented, on the re-segmented ROI.', cost: 'None on the ROI (its box is known from the crop); when re-segmented, the box of the re-segmented ROI, which preprocessing finds anyway.' },
  'roiChecks.minimumDimensions': { doc: "1, 2 or 3: the ROI's bounding box must be more than one voxel wide along at least this many axes, checked after interpolation and again after re-segmentation; else a RoiTooSmall error (PyRadiomics minimumROIDimensions, whose default is 2). 1 refuses only a single voxel (OneVoxelMask).", cost: 'None.' },
  'roiChecks.minimumVoxels': { doc: 'Smallest ROI, in voxels, checked as minimumDimensions; a smaller ROI is a RoiTooSmall error. PyRadiomics minimumROISize m refuses m voxels or fewer, so it maps to m + 1.', cost: 'None.' },
  geometryTolerance: { doc: 'Relative tolerance t of the image / mask geometry check (GeometryMismatch): spacing within t relative, direction entries within t, origin within 10 t times the smallest spacing. PyRadiomics geometryTolerance maps here (SimpleITK compares origin and spacing within t times the x spacing).', cost: 'None.' },
  maskToImageGrid: { doc: "false (default): a mask whose grid differs from the image's (beyond geometryTolerance) is a GeometryMismatch error. true (PyRadiomics correctMask): it is resampled onto the image grid with nearest-neighbour interpolation, provided its ROI lies within the image (src/compat/correctMask.ts).", cost: 'One pass over the image grid when the grids differ.' },
  'discretisation.method': { doc: 'fixedBinNumber (IBSI K15C; recommended for MRI and other arbitrary units) or fixedBinSize (IBSI Q3RU; for calibrated units such as CT HU or PET SUV).', cost: 'Texture matrix size grows with the number of grey levels present.' },
  'discretisation.bins': { doc: 'Number of bins N_g for fixedBinNumber.', cost: 'Matrices up to N_g x N_g (GLCM) or N_g x longest zone.' },
  'discretisation.width': { doc: 'Bin width w for fixedBinSize, in image intensity units.', cost: 'A small width on a wide intensity range makes many grey levels; limits.maxMatrixBytes guards memory.' },
  'discretisation.lowerBound': { doc: 'X_min of the fixed bins; null uses the re-segmentation lower bound, else the ROI minimum (IBSI).', cost: 'None.' },
  'discretisation.binning': { doc: 'ibsi (bins start at lowerBound) or pyradiomics (bins start at the largest multiple of width at or below the ROI minimum, as PyRadiomics does; a deviation from IBSI, for reproducing PyRadiomics studies). Fixed bin size only.', cost: 'None.' },
  'ivhDiscretisation.method': { doc: 'Intensity-volume histogram discretisation: none (discrete calibrated intensities, e.g. CT), fixedBinSize (continuous calibrated, e.g. PET), fixedBinNumber (arbitrary units such as MRI; IBSI recommends 1000 bins).', cost: 'Linear in ROI voxels.' },
  'ivhDiscretisation.bins': { doc: 'Bins for fixedBinNumber IVH discretisation.', cost: 'None.' },
  'ivhDiscretisation.width': { doc: 'Bin width for fixedBinSize IVH discretisation.', cost: 'None.' },
  'ivhDiscretisation.lowerBound': { doc: 'Lower bound for fixedBinSize IVH discretisation; null uses the re-segmentation lower bound, else the ROI minimum.', cost: 'None.' },
  'ivhDiscretisation.binning': { doc: 'ibsi or pyradiomics bin anchoring for fixedBinSize IVH discretisation (see discretisation.binning).', cost: 'None.' },
  'glcm.aggregations': { doc: `GLCM aggregation methods, any of ${MATRIX_AGGREGATIONS.join(', ')}.`, cost: '2D methods build a matrix per slice and direction.' },
  'glcm.distance': { doc: 'Chebyshev co-occurrence distance delta (voxels): offsets are delta times the 13 (3D) or 4 (2D) directions (IBSI). With pyradiomicsDistances, the largest of them (the distance feature ids carry).', cost: 'None.' },
  'glcm.pyradiomicsDistances': { doc: "compat pyradiomics: PyRadiomics' distances, a list of Chebyshev distances. The offsets are every offset whose Chebyshev norm is in the list (one of each opposite pair: 13 at distance 1, 49 at 2, 109 at 3 in 3D), one matrix each; average aggregations average over all of them, merged ones sum them (weighted by weightingNorm). null: IBSI offsets.", cost: 'One pass per offset: (2d + 1)^3 - (2d - 1)^3 halved per distance d.' },
  'glcm.symmetric': { doc: "true (IBSI; PyRadiomics' default): each pair is counted in both orders. false (compat pyradiomics, symmetricalGLCM false): row = voxel, column = its neighbour at the offset; features that read both marginals (cluster, correlation, information correlations, MCC) use p_x and p_y as PyRadiomics does.", cost: 'None.' },
  'glcm.weightingNorm': { doc: "compat pyradiomics: PyRadiomics' weightingNorm for the merged aggregations (3D_merged, 2.5D_merged): each direction matrix weighted by exp(-||d||^2), d the offset in mm under the norm (manhattan, euclidean, infinity), or 1 (no_weighting), then summed. null: plain sum (IBSI).", cost: 'None.' },
  'glrlm.aggregations': { doc: `GLRLM aggregation methods, any of ${MATRIX_AGGREGATIONS.join(', ')}.`, cost: 'As GLCM.' },
  'glrlm.weightingNorm': { doc: "compat pyradiomics: PyRadiomics' weightingNorm for the merged GLRLM aggregations: each direction matrix weighted by ||d|| (the direction's length in mm under the norm; not exp(-||d||^2) as for the GLCM), or 1 (no_weighting), then summed; N_v is weighted alike. null: plain sum (IBSI).", cost: 'None.' },
  'glszm.aggregations': { doc: `GLSZM aggregation methods, any of ${ZONE_AGGREGATIONS.join(', ')}. Zones link by 8-connectivity in 2D and 26-connectivity in 3D.`, cost: 'One connected-component pass per method.' },
  'gldzm.aggregations': { doc: `GLDZM aggregation methods, any of ${ZONE_AGGREGATIONS.join(', ')}. Distances to the border come from the morphological mask.`, cost: 'As GLSZM plus a distance map.' },
  'ngtdm.aggregations': { doc: `NGTDM aggregation methods, any of ${ZONE_AGGREGATIONS.join(', ')}.`, cost: 'Linear in ROI voxels times the neighbourhood size.' },
  'ngtdm.distance': { doc: 'Chebyshev neighbourhood distance delta.', cost: 'Neighbourhood grows as (2 delta + 1)^3.' },
  'ngldm.aggregations': { doc: `NGLDM aggregation methods, any of ${ZONE_AGGREGATIONS.join(', ')}.`, cost: 'As NGTDM.' },
  'ngldm.distance': { doc: 'Chebyshev neighbourhood distance delta.', cost: 'Neighbourhood grows as (2 delta + 1)^3.' },
  'ngldm.alpha': { doc: 'Coarseness alpha: neighbours with |level difference| <= alpha count as dependent.', cost: 'None.' },
  compat: { doc: `Compatibility mode, ${COMPAT_MODES.join(' or ')}. ibsi computes the IBSI definitions only. pyradiomics (set by parsePyradiomicsParams) adds, as features of their own with ibsi null, PyRadiomics' definitions where they deviate from IBSI and its features IBSI lacks (every deviation is listed in docs/pyradiomics.md): stat.kurtosisPyradiomics, energyPyradiomics, rootMeanSquarePyradiomics, totalEnergy; morph.*AxisLengthPyradiomics, maximum2dDiameterSlice / Column / Row, the mesh features on PyRadiomics' mesh (volumePyradiomics, surfaceAreaPyradiomics, ...), the shape2d* features (with shape2D); glcm.maximalCorrelationCoefficient. IBSI feature ids keep their meaning in both modes.`, cost: 'pyradiomics: an eigenvalue problem per GLCM (N_g^3), a pass over the mesh vertices per plane and a second marching-cubes pass (PyRadiomics\' mesh).' },
  voxelArrayShift: { doc: "PyRadiomics' voxelArrayShift c: PyRadiomics' Energy, TotalEnergy and RootMeanSquared sum (x + c)^2. Only with compat pyradiomics (an InvalidConfig error otherwise, rather than a silent no-op).", cost: 'None.' },
  shape2D: { doc: `PyRadiomics' 2D shape class (morph.shape2d*, columns shape2D_*): ${SHAPE2D_AXES.join(', ')} (PyRadiomics' force2Ddimension 0, 1, 2), the axis along which the ROI is one slice thick; null computes none. Only with compat pyradiomics (parsePyradiomicsParams sets it for force2D with the shape2D class). An ROI thicker than one slice gives null values with UndefinedFeature warnings (PyRadiomics raises an error).`, cost: 'One pass over the ROI slice (marching squares, PCA); the diameter pairs the extreme contour vertices of each row.' },
  'limits.maxMatrixBytes': { doc: 'Largest texture matrix allowed, in bytes; a larger one is a MatrixTooLarge error instead of an out-of-memory crash.', cost: 'Memory.' },
  'limits.maxWork': { doc: 'Largest inner-loop work allowed where a voxel spacing sets the cost, estimated and checked before the work starts: the local-intensity sphere (ROI voxels x sphere chords; ~120 chords at 1 mm, ~10^4 at 0.1 mm; the sphere is clipped to the image, so never more than (2 ny - 1)(2 nz - 1) chords) and LoG kernels (image voxels x d x kernel taps; 25 taps per axis for sigma 3 mm at 1 mm). Over it is a WorkTooLarge error instead of a run of hours on a header spacing of 1e-5 mm.', cost: 'Time: a local-intensity chord costs ~10 ns, a kernel tap ~1 ns; the default allows ~100 s and ~10 s of one core.' },
};

const IBSI_2D = {
  glcm: { aggregations: ['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged'], distance: 1 },
  glrlm: { aggregations: ['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged'] },
  glszm: { aggregations: ['2D', '2.5D'] },
  gldzm: { aggregations: ['2D', '2.5D'] },
  ngtdm: { aggregations: ['2D', '2.5D'], distance: 1 },
  ngldm: { aggregations: ['2D', '2.5D'], distance: 1, alpha: 0 },
} as const satisfies ConfigInput;
const IBSI_3D = {
  glcm: { aggregations: ['3D_average', '3D_merged'], distance: 1 },
  glrlm: { aggregations: ['3D_average', '3D_merged'] },
  glszm: { aggregations: ['3D'] },
  gldzm: { aggregations: ['3D'] },
  ngtdm: { aggregations: ['3D'], distance: 1 },
  ngldm: { aggregations: ['3D'], distance: 1, alpha: 0 },
} as const satisfies ConfigInput;
const IBSI_RESAMPLE = { interpolator: 'linear', roundIntensities: true, maskInterpolator: 'linear', partialVolumeThreshold: 0.5 } as const;

/**
 * Named presets: settings of a published protocol. IBSI 1 configurations A-E on the CT phantom: IBSI 1
 * manual, "Reference data sets" (ibsi-doc b952e71 docs/05_Reference_data_sets.rst), table of configurations.
 */
export const PRESETS: Readonly<Record<string, { description: string; config: ConfigInput }>> = {
  'ibsi1-A': {
    description: 'IBSI 1 configuration A (CT): 2D, no interpolation, re-segmentation [-500, 400] HU, fixed bin size 25 HU, IVH without discretisation.',
    config: { resegmentation: { range: [-500, 400], outlierSigma: null }, discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null }, ivhDiscretisation: { method: 'none' }, ...IBSI_2D },
  },
  'ibsi1-B': {
    description: 'IBSI 1 configuration B (CT): 2D, bilinear in-plane resampling to 2 x 2 mm with rounding, mask bilinear at 0.5, re-segmentation [-500, 400] HU, fixed bin number 32, IVH without discretisation.',
    config: { resampling: { spacing: [2, 2], ...IBSI_RESAMPLE }, resegmentation: { range: [-500, 400], outlierSigma: null }, discretisation: { method: 'fixedBinNumber', bins: 32 }, ivhDiscretisation: { method: 'none' }, ...IBSI_2D },
  },
  'ibsi1-C': {
    description: 'IBSI 1 configuration C (CT): 3D, trilinear resampling to 2 mm isotropic with rounding, mask trilinear at 0.5, re-segmentation [-1000, 400] HU, fixed bin size 25 HU, IVH fixed bin size 2.5 HU.',
    config: { resampling: { spacing: [2, 2, 2], ...IBSI_RESAMPLE }, resegmentation: { range: [-1000, 400], outlierSigma: null }, discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null }, ivhDiscretisation: { method: 'fixedBinSize', width: 2.5, lowerBound: null }, ...IBSI_3D },
  },
  'ibsi1-D': {
    description: 'IBSI 1 configuration D (CT): 3D, trilinear resampling to 2 mm isotropic with rounding, mask trilinear at 0.5, outlier filtering 3 sigma, fixed bin number 32, IVH without discretisation.',
    config: { resampling: { spacing: [2, 2, 2], ...IBSI_RESAMPLE }, resegmentation: { range: null, outlierSigma: 3 }, discretisation: { method: 'fixedBinNumber', bins: 32 }, ivhDiscretisation: { method: 'none' }, ...IBSI_3D },
  },
  'ibsi1-E': {
    description: 'IBSI 1 configuration E (CT): 3D, tricubic spline resampling to 2 mm isotropic with rounding, mask trilinear at 0.5, re-segmentation [-1000, 400] HU and outlier filtering 3 sigma, fixed bin number 32, IVH fixed bin number 1000.',
    config: { resampling: { spacing: [2, 2, 2], ...IBSI_RESAMPLE, interpolator: 'cubic' }, resegmentation: { range: [-1000, 400], outlierSigma: 3 }, discretisation: { method: 'fixedBinNumber', bins: 32 }, ivhDiscretisation: { method: 'fixedBinNumber', bins: 1000 }, ...IBSI_3D },
  },
  'ibsi1-digital-phantom': {
    description: 'IBSI 1 digital phantom: no preprocessing, fixed bin size 1 (levels equal intensities), IVH without discretisation, every aggregation, distance 1, NGLDM alpha 0.',
    config: {
      discretisation: { method: 'fixedBinSize', width: 1, lowerBound: null },
      ivhDiscretisation: { method: 'none' },
      glcm: { aggregations: [...MATRIX_AGGREGATIONS], distance: 1 },
      glrlm: { aggregations: [...MATRIX_AGGREGATIONS] },
      glszm: { aggregations: [...ZONE_AGGREGATIONS] },
      gldzm: { aggregations: [...ZONE_AGGREGATIONS] },
      ngtdm: { aggregations: [...ZONE_AGGREGATIONS], distance: 1 },
      ngldm: { aggregations: [...ZONE_AGGREGATIONS], distance: 1, alpha: 0 },
    },
  },
};

/**
 * Resolves user input over a preset (optional) over DEFAULTS. Rejects unknown keys (UnknownConfigKey,
 * naming the nearest valid key), wrong types and out-of-range values (InvalidConfig). Returns a frozen
 * object.
 */
export function resolveConfig(input: unknown = {}, preset?: string): ExtractConfig {
  let base: ExtractConfig = DEFAULTS;
  if (preset !== undefined) {
    const p = PRESETS[preset];
    if (!p) {
      throw new RadiomicsError('UnknownPreset', `unknown preset "${preset}"; presets: ${Object.keys(PRESETS).join(', ')}`, { preset, presets: Object.keys(PRESETS) });
    }
    base = merge(DEFAULTS, p.config);
  }
  return merge(base, input);
}

function merge(base: ExtractConfig, input: unknown): ExtractConfig {
  const obj = asObject(input, '');
  checkKeys(obj, Object.keys(base), '');
  const out = {
    families: obj.families === undefined ? base.families : familiesOf(obj.families),
    features: obj.features === undefined ? base.features : obj.features === null ? null : featuresOf(obj.features),
    imageTypes: obj.imageTypes === undefined ? base.imageTypes : imageTypesOf(obj.imageTypes),
    normalisation: obj.normalisation === undefined ? base.normalisation : normalisationOf(obj.normalisation, base.normalisation),
    resampling: obj.resampling === undefined ? base.resampling : resamplingOf(obj.resampling, base.resampling),
    resegmentation: section(obj.resegmentation, base.resegmentation, 'resegmentation', {
      range: rangeOf,
      outlierSigma: nullablePositiveNumber,
      mode: (v, k) => oneOf(v, ['absolute', 'relative', 'sigma'] as const, k),
      applyToMorphology: bool,
    }),
    roiChecks: obj.roiChecks === undefined ? base.roiChecks : obj.roiChecks === null ? null : section(obj.roiChecks, base.roiChecks ?? { minimumDimensions: 1, minimumVoxels: 2 }, 'roiChecks', {
      minimumDimensions: (v, k) => oneOf(v, [1, 2, 3] as unknown as string[], k),
      minimumVoxels: (v, k) => {
        const n = positiveInteger(v, k);
        if (n < 2) throw invalid(k, `must be at least 2 (a one-voxel ROI is always refused), got ${n}`);
        return n;
      },
    }),
    maskToImageGrid: obj.maskToImageGrid === undefined ? base.maskToImageGrid : bool(obj.maskToImageGrid, 'maskToImageGrid'),
    geometryTolerance: obj.geometryTolerance === undefined ? base.geometryTolerance : nonNegativeNumber(obj.geometryTolerance, 'geometryTolerance'),
    discretisation: obj.discretisation === undefined ? base.discretisation : discretisationOf(obj.discretisation, base.discretisation, 'discretisation'),
    ivhDiscretisation: obj.ivhDiscretisation === undefined ? base.ivhDiscretisation : ivhDiscretisationOf(obj.ivhDiscretisation, base.ivhDiscretisation),
    glcm: section(obj.glcm, base.glcm, 'glcm', {
      aggregations: matrixAggregations,
      distance: positiveInteger,
      pyradiomicsDistances: (v, k) => {
        if (v === null) return null;
        if (!Array.isArray(v) || v.length === 0) throw invalid(k, `must be null or a non-empty list of positive integers, got ${JSON.stringify(v)}`);
        return [...new Set(v.map((d, i) => positiveInteger(d, `${k}[${i}]`)))].sort((a, b) => a - b);
      },
      symmetric: bool,
      weightingNorm: nullableWeightingNorm,
    }),
    glrlm: section(obj.glrlm, base.glrlm, 'glrlm', { aggregations: matrixAggregations, weightingNorm: nullableWeightingNorm }),
    glszm: section(obj.glszm, base.glszm, 'glszm', { aggregations: zoneAggregations }),
    gldzm: section(obj.gldzm, base.gldzm, 'gldzm', { aggregations: zoneAggregations }),
    ngtdm: section(obj.ngtdm, base.ngtdm, 'ngtdm', { aggregations: zoneAggregations, distance: positiveInteger }),
    ngldm: section(obj.ngldm, base.ngldm, 'ngldm', { aggregations: zoneAggregations, distance: positiveInteger, alpha: nonNegativeInteger }),
    limits: section(obj.limits, base.limits, 'limits', { maxMatrixBytes: positiveNumber, maxWork: positiveNumber }),
    compat: obj.compat === undefined ? base.compat : oneOf(obj.compat, COMPAT_MODES, 'compat'),
    voxelArrayShift: obj.voxelArrayShift === undefined ? base.voxelArrayShift : finiteNumber(obj.voxelArrayShift, 'voxelArrayShift'),
    shape2D: obj.shape2D === undefined ? base.shape2D : obj.shape2D === null ? null : oneOf(obj.shape2D, SHAPE2D_AXES, 'shape2D'),
  } as ExtractConfig;
  if (out.features !== null) checkSelection(out.features, out);
  if (out.voxelArrayShift !== 0 && out.compat !== 'pyradiomics') throw invalid('voxelArrayShift', "applies only with compat 'pyradiomics' (PyRadiomics' Energy, TotalEnergy and RMS)");
  if (out.shape2D !== null && out.compat !== 'pyradiomics') throw invalid('shape2D', "applies only with compat 'pyradiomics' (PyRadiomics' 2D shape class)");
  if (out.compat !== 'pyradiomics') {
    // PyRadiomics-only settings: refused in IBSI mode rather than silently changing what IBSI ids mean.
    const only = (key: string, set: boolean) => {
      if (set) throw invalid(key, "applies only with compat 'pyradiomics' (a PyRadiomics setting, docs/pyradiomics.md)");
    };
    only('glcm.pyradiomicsDistances', out.glcm.pyradiomicsDistances !== null);
    only('glcm.symmetric', !out.glcm.symmetric);
    only('glcm.weightingNorm', out.glcm.weightingNorm !== null);
    only('glrlm.weightingNorm', out.glrlm.weightingNorm !== null);
    only('resampling.grid', out.resampling !== null && out.resampling.grid === 'pyradiomics');
  }
  if (out.resampling !== null && out.resampling.grid === 'pyradiomics' && out.resampling.maskInterpolator !== 'nearest') {
    throw invalid('resampling.maskInterpolator', "must be nearest with grid 'pyradiomics' (PyRadiomics resamples masks with sitkNearestNeighbor)");
  }
  if (out.resampling !== null && out.resampling.grid === 'pyradiomics' && out.resampling.roundIntensities) {
    throw invalid('resampling.roundIntensities', "must be false with grid 'pyradiomics' (PyRadiomics keeps the image's voxel type instead: integer images are truncated)");
  }
  if (out.glcm.pyradiomicsDistances !== null && out.glcm.distance !== Math.max(...out.glcm.pyradiomicsDistances)) {
    throw invalid('glcm.distance', `must be the largest of glcm.pyradiomicsDistances (${Math.max(...out.glcm.pyradiomicsDistances)}), the distance feature ids carry`);
  }
  return deepFreeze(out);
}

type Check = (value: unknown, key: string) => unknown;

function section<T extends object>(value: unknown, base: T, key: string, checks: Readonly<Record<keyof T & string, Check>>): T {
  if (value === undefined) return base;
  const obj = asObject(value, key);
  checkKeys(obj, Object.keys(base), key);
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const k of Object.keys(obj)) out[k] = checks[k as keyof T & string](obj[k], `${key}.${k}`);
  return out as T;
}

function discretisationOf(value: unknown, base: Discretisation | IvhDiscretisation, key: string): Discretisation {
  const obj = asObject(value, key);
  const method = obj.method ?? base.method;
  if (method === 'fixedBinNumber') {
    checkKeys(obj, ['method', 'bins'], key);
    const bins = obj.bins ?? (base.method === 'fixedBinNumber' ? base.bins : undefined);
    if (bins === undefined) throw invalid(`${key}.bins`, 'fixedBinNumber needs bins');
    return { method, bins: positiveInteger(bins, `${key}.bins`) };
  }
  if (method === 'fixedBinSize') {
    checkKeys(obj, ['method', 'width', 'lowerBound', 'binning'], key);
    const width = obj.width ?? (base.method === 'fixedBinSize' ? base.width : undefined);
    if (width === undefined) throw invalid(`${key}.width`, 'fixedBinSize needs width');
    const lb = obj.lowerBound ?? (base.method === 'fixedBinSize' ? base.lowerBound : null);
    if (lb !== null && (typeof lb !== 'number' || !Number.isFinite(lb))) throw invalid(`${key}.lowerBound`, 'must be a finite number or null');
    const binning = obj.binning ?? (base.method === 'fixedBinSize' ? base.binning ?? 'ibsi' : 'ibsi');
    if (binning !== 'ibsi' && binning !== 'pyradiomics') throw invalid(`${key}.binning`, `must be "ibsi" or "pyradiomics", got ${JSON.stringify(binning)}`);
    if (binning === 'pyradiomics' && lb !== null) throw invalid(`${key}.lowerBound`, 'must be null with binning "pyradiomics" (PyRadiomics anchors bins at multiples of the width)');
    return { method, width: positiveNumber(width, `${key}.width`), lowerBound: lb as number | null, binning };
  }
  throw invalid(`${key}.method`, `must be "fixedBinNumber" or "fixedBinSize", got ${JSON.stringify(method)}`);
}

const NORMALISATION_KEYS: Readonly<Record<string, readonly string[]>> = {
  none: ['method'],
  zscore: ['method', 'region', 'scale', 'clip'],
  range: ['method', 'region', 'outMin', 'outMax'],
  percentile: ['method', 'region', 'lower', 'upper', 'outMin', 'outMax', 'saturate'],
  nyul: ['method', 'region', 'model'],
};

function normalisationOf(value: unknown, base: NormalisationConfig): NormalisationConfig {
  const obj = asObject(value, 'normalisation');
  const method = (obj.method ?? base.method) as string;
  const keys = NORMALISATION_KEYS[method];
  if (!keys) throw invalid('normalisation.method', `must be one of ${Object.keys(NORMALISATION_KEYS).join(', ')}, got ${JSON.stringify(method)}`);
  checkKeys(obj, keys, 'normalisation');
  if (method === 'none') return { method: 'none' };
  const region = oneOf(obj.region ?? 'roi', ['roi', 'foreground', 'image'] as const, 'normalisation.region');
  const num = (k: string, d: number) => finiteNumber(obj[k] ?? d, `normalisation.${k}`);
  if (method === 'zscore') return { method, region, scale: positiveNumber(obj.scale ?? 1, 'normalisation.scale'), clip: nullablePositiveNumber(obj.clip ?? null, 'normalisation.clip') };
  if (method === 'range') return { method, region, outMin: num('outMin', 0), outMax: num('outMax', 1) };
  if (method === 'percentile') {
    const lower = num('lower', 1);
    const upper = num('upper', 99);
    if (!(lower >= 0 && lower < upper && upper <= 100)) throw invalid('normalisation.lower', `and upper must satisfy 0 <= lower < upper <= 100, got ${lower}, ${upper}`);
    const saturate = obj.saturate ?? true;
    if (typeof saturate !== 'boolean') throw invalid('normalisation.saturate', 'must be true or false');
    return { method, region, lower, upper, outMin: num('outMin', 0), outMax: num('outMax', 1), saturate };
  }
  if (obj.model === undefined) throw invalid('normalisation.model', 'is required for nyul (the object fitNyul returns)');
  return { method: 'nyul', region, model: obj.model };
}

function resamplingOf(value: unknown, base: ResamplingConfig | null): ResamplingConfig | null {
  if (value === null) return null;
  const obj = asObject(value, 'resampling');
  const b: ResamplingConfig = base ?? { spacing: [], interpolator: 'linear', roundIntensities: false, maskInterpolator: 'linear', partialVolumeThreshold: 0.5, grid: 'ibsi', padDistance: 5 };
  checkKeys(obj, Object.keys(b), 'resampling');
  const spacing = obj.spacing ?? b.spacing;
  const grid = oneOf(obj.grid ?? b.grid ?? 'ibsi', ['ibsi', 'pyradiomics'] as const, 'resampling.grid');
  // PyRadiomics' grid takes 0 for an axis that keeps its spacing (resampledPixelSpacing [0, 0, 2]).
  const least = grid === 'pyradiomics' ? 0 : Number.MIN_VALUE;
  if (!Array.isArray(spacing) || (spacing.length !== 2 && spacing.length !== 3) || !spacing.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= least) || spacing.every((s) => s === 0)) {
    throw invalid('resampling.spacing', `must be [x, y, z] or [x, y] (in-plane) positive mm${grid === 'pyradiomics' ? ' (0 keeps an axis\' spacing, not all 0)' : ''}, got ${JSON.stringify(spacing)}`);
  }
  const roundIntensities = obj.roundIntensities ?? b.roundIntensities;
  if (typeof roundIntensities !== 'boolean') throw invalid('resampling.roundIntensities', 'must be true or false');
  const t = finiteNumber(obj.partialVolumeThreshold ?? b.partialVolumeThreshold, 'resampling.partialVolumeThreshold');
  if (!(t > 0 && t <= 1)) throw invalid('resampling.partialVolumeThreshold', `must be in (0, 1], got ${t}`);
  return {
    spacing: [...spacing],
    interpolator: oneOf(obj.interpolator ?? b.interpolator, ['nearest', 'linear', 'cubic'] as const, 'resampling.interpolator'),
    roundIntensities,
    maskInterpolator: oneOf(obj.maskInterpolator ?? b.maskInterpolator, ['nearest', 'linear'] as const, 'resampling.maskInterpolator'),
    partialVolumeThreshold: t,
    grid,
    padDistance: nonNegativeInteger(obj.padDistance ?? b.padDistance ?? 5, 'resampling.padDistance'),
  };
}

function nullableWeightingNorm(value: unknown, key: string): WeightingNorm | null {
  return value === null ? null : oneOf(value, WEIGHTING_NORMS, key);
}

function nonNegativeNumber(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(key, `must be a finite number >= 0, got ${JSON.stringify(value)}`);
  return value;
}

function rangeOf(value: unknown, key: string): readonly [number | null, number | null] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)))) {
    throw invalid(key, `must be [low, high] with numbers or null, or null; got ${JSON.stringify(value)}`);
  }
  if (value[0] !== null && value[1] !== null && value[0] > value[1]) throw invalid(key, `low ${value[0]} is above high ${value[1]}`);
  return [value[0], value[1]];
}

function nullablePositiveNumber(value: unknown, key: string): number | null {
  return value === null ? null : positiveNumber(value, key);
}

function finiteNumber(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(key, `must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

/** A PyWavelets discrete wavelet name (the list is long: the message names the families). */
function waveletName(value: unknown, key: string): string {
  if (SEPARABLE_WAVELETS.includes(value as string)) return value as string;
  const near = nearest(String(value), SEPARABLE_WAVELETS);
  throw invalid(key, `must be a PyWavelets discrete wavelet (${SEPARABLE_WAVELETS_TEXT}), got ${JSON.stringify(value)}${near ? `; did you mean "${near}"?` : ''}`);
}
function oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T {
  if (!allowed.includes(value as T)) {
    const near = nearest(String(value), allowed);
    throw invalid(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}${near ? `; did you mean "${near}"?` : ''}`);
  }
  return value as T;
}

function ivhDiscretisationOf(value: unknown, base: IvhDiscretisation): IvhDiscretisation {
  const obj = asObject(value, 'ivhDiscretisation');
  if (obj.method === 'none') {
    checkKeys(obj, ['method'], 'ivhDiscretisation');
    return { method: 'none' };
  }
  return discretisationOf(obj, base, 'ivhDiscretisation');
}

type FieldCheck = (value: unknown, key: string) => unknown;
const REQUIRED = Symbol('required');
const bool: FieldCheck = (v, k) => {
  if (typeof v !== 'boolean') throw invalid(k, 'must be true or false');
  return v;
};
const boundary: FieldCheck = (v, k) => oneOf(v, BOUNDARY_MODES, k);
const dims: FieldCheck = (v, k) => oneOf(v, ['2D', '3D'] as const, k);
const rieszOrder: FieldCheck = (v, k) => {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length !== 3 || !v.every((l) => Number.isInteger(l) && l >= 0) || v.every((l) => l === 0)) throw invalid(k, `must be null or [lx, ly, lz] non-negative integers, not all 0; got ${JSON.stringify(v)}`);
  return [...v];
};
/** Per filter type: each setting's default (or REQUIRED) and check, in the order that builds its label. */
const IMAGE_TYPE_FIELDS: Readonly<Record<ImageType['type'], Readonly<Record<string, readonly [unknown, FieldCheck]>>>> = {
  original: {},
  mean: { support: [REQUIRED, positiveInteger] },
  log: { sigma: [REQUIRED, positiveNumber], truncate: [4, positiveNumber], riesz: [null, rieszOrder] },
  laws: { kernels: [REQUIRED, (v, k) => { if (typeof v !== 'string') throw invalid(k, 'must be a string such as "L5E5E5"'); return v.toUpperCase(); }], rotationInvariant: [false, bool], energyDelta: [null, (v, k) => (v === null ? null : nonNegativeInteger(v, k))] },
  gabor: {
    sigma: [REQUIRED, positiveNumber],
    gamma: [REQUIRED, positiveNumber],
    lambda: [REQUIRED, positiveNumber],
    theta: [0, finiteNumber],
    rotationInvariant: [false, bool],
    thetaStep: [45, (v, k) => { const x = positiveNumber(v, k); if (x > 360) throw invalid(k, 'must be at most 360'); return x; }],
    truncate: [4, positiveNumber],
    response: ['modulus', (v, k) => oneOf(v, ['modulus', 'real', 'imaginary'] as const, k)],
  },
  wavelet: {
    wavelet: [REQUIRED, waveletName],
    decomposition: [REQUIRED, (v, k) => { if (typeof v !== 'string' || !/^[LHlh]{2,3}$/.test(v)) throw invalid(k, `must be 2 (2D) or 3 (3D) letters L or H, got ${JSON.stringify(v)}`); return v.toUpperCase(); }],
    level: [1, positiveInteger],
    rotationInvariant: [false, bool],
  },
  simoncelli: { level: [1, positiveInteger], riesz: [null, rieszOrder] },
  square: {},
  squareRoot: {},
  logarithm: {},
  exponential: {},
  lbp2d: { samples: [8, positiveInteger], radius: [1, positiveNumber], method: ['uniform', (v, k) => oneOf(v, LBP_METHODS, k)] },
  swt: {
    wavelet: ['coif1', waveletName],
    decomposition: [REQUIRED, (v, k) => { if (typeof v !== 'string' || !/^[LHlh]{2,3}$/.test(v)) throw invalid(k, `must be 2 (2D) or 3 (3D) letters L or H, got ${JSON.stringify(v)}`); return v.toUpperCase(); }],
    level: [1, positiveInteger],
  },
  gradient: { useSpacing: [true, bool] },
  recursiveLog: { sigma: [REQUIRED, positiveNumber] },
  lbp3d: {
    levels: [2, positiveInteger],
    icosphereRadius: [1, positiveNumber],
    icosphereSubdivision: [1, (v, k) => { const x = nonNegativeInteger(v, k); if (x > 6) throw invalid(k, `must be at most 6 (${10 * 4 ** 6 + 2} neighbours), got ${x}`); return x; }],
    output: ['k', (v, k) => { if (typeof v !== 'string' || !/^(k|m[1-9]\d*)$/.test(v)) throw invalid(k, `must be k (kurtosis) or m1, m2, ... (level images), got ${JSON.stringify(v)}`); return v; }],
  },
};
/** PyRadiomics' image types whose boundary (and, for LBP2D, dims) their definition fixes: the only value allowed, and the default. */
const FIXED_BOUNDARY: Partial<Record<ImageType['type'], BoundaryMode>> = { swt: 'wrap', lbp2d: 'constant', gradient: 'nearest', lbp3d: 'constant', recursiveLog: 'nearest' };

/** The label that starts the feature ids of an image type when it has no name: type and every setting. */
export function imageTypeLabel(t: ImageType): string {
  if (t.name !== null) return t.name;
  const rec = t as unknown as Record<string, unknown>;
  return imageTypeId(t.type, [...Object.keys(IMAGE_TYPE_FIELDS[t.type]), ...(t.type === 'original' ? [] : ['boundary', 'dims'])].map((k) => [k, rec[k]] as const));
}

function imageTypesOf(value: unknown): ImageType[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('imageTypes', 'must be a non-empty list of {type, ...settings}');
  const out: ImageType[] = [];
  const labels = new Set<string>();
  value.forEach((item, i) => {
    const key = `imageTypes[${i}]`;
    const obj = asObject(item, key);
    const type = oneOf(obj.type, Object.keys(IMAGE_TYPE_FIELDS) as ImageType['type'][], `${key}.type`);
    const fields = IMAGE_TYPE_FIELDS[type];
    const common = type === 'original' ? [] : ['boundary', 'dims'];
    checkKeys(obj, ['type', 'name', ...Object.keys(fields), ...common], key);
    const t: Record<string, unknown> = { type };
    for (const [k, [def, check]] of Object.entries(fields)) {
      if (obj[k] === undefined && def === REQUIRED) throw invalid(`${key}.${k}`, `is required for ${type}`);
      t[k] = obj[k] === undefined ? def : check(obj[k], `${key}.${k}`);
    }
    if (type !== 'original') {
      const fixed = FIXED_BOUNDARY[type];
      t.boundary = obj.boundary === undefined ? (fixed ?? 'reflect') : boundary(obj.boundary, `${key}.boundary`);
      if (fixed !== undefined && t.boundary !== fixed) throw invalid(`${key}.boundary`, `must be ${fixed} for ${type} (as PyRadiomics computes it)`);
      t.dims = obj.dims === undefined ? (type === 'lbp2d' ? '2D' : '3D') : dims(obj.dims, `${key}.dims`);
      if (type === 'lbp2d' && t.dims !== '2D') throw invalid(`${key}.dims`, 'must be 2D for lbp2d (slice by slice, as PyRadiomics)');
      if (type === 'recursiveLog' && t.dims !== '3D') throw invalid(`${key}.dims`, 'must be 3D for recursiveLog (as PyRadiomics / SimpleITK compute it)');
      if (type === 'lbp3d' && t.dims !== '3D') throw invalid(`${key}.dims`, 'must be 3D for lbp3d (spherical neighbourhood, as PyRadiomics)');
      if (type === 'lbp3d' && t.output !== 'k' && Number((t.output as string).slice(1)) > (t.levels as number)) throw invalid(`${key}.output`, `must be k or m1..m${t.levels as number} for levels ${t.levels as number}, got "${t.output as string}"`);
    }
    const d = t.dims === '2D' ? 2 : 3;
    if (type === 'laws') {
      try {
        lawsKernels(t.kernels as string, t.dims as '2D' | '3D');
      } catch (error) {
        throw new RadiomicsError('InvalidConfig', `config ${key}.kernels ${(error as Error).message}`, { key: `${key}.kernels` }, { cause: error });
      }
    }
    if ((type === 'wavelet' || type === 'swt') && (t.decomposition as string).length !== d) throw invalid(`${key}.decomposition`, `must have ${d} letters for a ${t.dims} filter`);
    if ((type === 'log' || type === 'simoncelli') && t.riesz !== null && d === 2 && (type === 'log' || (t.riesz as number[])[2] !== 0)) throw invalid(`${key}.riesz`, type === 'log' ? 'is implemented for 3D LoG only' : 'must have lz = 0 in 2D');
    if (obj.name !== undefined && obj.name !== null && (typeof obj.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(obj.name))) throw invalid(`${key}.name`, 'must be letters, digits, "_" or "-"');
    t.name = obj.name ?? null;
    const label = imageTypeLabel(t as ImageType);
    if (labels.has(label)) throw invalid(key, `repeats image type "${label}"`);
    labels.add(label);
    out.push(t as ImageType);
  });
  return out;
}

/** Every base feature id (family.feature) of the registry, in output order. */
function allFeatureIds(): string[] {
  return FAMILY_NAMES.flatMap((family) => Object.keys(FAMILIES[family].features).map((feature) => `${family}.${feature}`));
}

/** A feature selection: base ids of the registry, deduplicated, in output order (ids do not depend on how the list was written); [] selects none. */
function featuresOf(value: unknown): string[] {
  const all = allFeatureIds();
  // Sets, not list searches: a PyRadiomics file selects ~100 of ~200 ids, and a search per pair (hot, the voxel-r2 file with 93 ids: resolveConfig 0.132 -> 0.087 ms).
  const known = new Set(all);
  // An empty list computes no feature (a PyRadiomics file may enable only classes that compute nothing here).
  if (!Array.isArray(value)) throw invalid('features', 'must be null (every feature) or a list of feature ids such as "glcm.jointMaximum"');
  for (const v of value) {
    if (typeof v === 'string' && known.has(v)) continue;
    const near = nearest(String(v), all);
    throw new RadiomicsError('InvalidConfig', `config features: ${JSON.stringify(v)} is not a feature id (family.feature, as \`radiomics features\` lists them)${near ? `; did you mean "${near}"?` : ''}`, { key: 'features', feature: String(v) });
  }
  const selected = new Set(value);
  return all.filter((id) => selected.has(id));
}

/**
 * A selected feature of another compatibility mode is an error rather than a silently missing column.
 * One whose family is not in `families` is allowed (it is not computed): a selection and a narrower
 * families list compose, e.g. a parameter file's selection in `radiomics maps`, which leaves morph out.
 */
function checkSelection(features: readonly string[], c: ExtractConfig): void {
  const selected = new Set(features);
  for (const family of FAMILY_NAMES) {
    const table = FAMILIES[family].features as Record<string, { compat?: string }>;
    for (const [feature, def] of Object.entries(table)) {
      const id = `${family}.${feature}`;
      if (def.compat !== undefined && def.compat !== c.compat && selected.has(id)) throw new RadiomicsError('InvalidConfig', `config features: "${id}" applies only with compat '${def.compat}'`, { key: 'features', feature: id });
    }
  }
}

function familiesOf(value: unknown): FamilyName[] {
  return listOf(value, FAMILY_NAMES, 'families');
}
function matrixAggregations(value: unknown, key: string): MatrixAggregation[] {
  return listOf(value, MATRIX_AGGREGATIONS, key);
}
function zoneAggregations(value: unknown, key: string): ZoneAggregation[] {
  return listOf(value, ZONE_AGGREGATIONS, key);
}

function listOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(key, `must be a non-empty list of ${allowed.join(', ')}`);
  const out: T[] = [];
  for (const v of value) {
    if (!allowed.includes(v as T)) {
      const near = nearest(String(v), allowed);
      throw invalid(key, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}${near ? `; did you mean "${near}"?` : ''}`);
    }
    if (!out.includes(v as T)) out.push(v as T);
  }
  // Keep the canonical order so output ids do not depend on how the list was written.
  return allowed.filter((a) => out.includes(a));
}

function positiveInteger(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(key, `must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}
function nonNegativeInteger(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(key, `must be a non-negative integer, got ${JSON.stringify(value)}`);
  return value;
}
function positiveNumber(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(key, `must be a positive number, got ${JSON.stringify(value)}`);
  return value;
}

function asObject(value: unknown, key: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(key || '(config)', 'must be an object');
  return value as Record<string, unknown>;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      const full = prefix ? `${prefix}.${k}` : k;
      const near = nearest(k, allowed);
      const suggestion = near ? `; did you mean "${prefix ? `${prefix}.${near}` : near}"?` : '';
      throw new RadiomicsError('UnknownConfigKey', `unknown config key "${full}"${suggestion}`, { key: full, suggestion: near ? (prefix ? `${prefix}.${near}` : near) : null, allowed });
    }
  }
}

function invalid(key: string, why: string): RadiomicsError {
  return new RadiomicsError('InvalidConfig', `config ${key} ${why}`, { key });
}

/** The candidate with the smallest edit distance, if it is close enough to be a plausible typo. */
function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
