import { RadiomicsError, isRadiomicsError } from './errors.js';
import { imageTypeLabel, resolveConfig, type ConfigInput, type ExtractConfig, type ImageType, type IvhDiscretisation } from './config.js';
import type { Acquisition } from './image/acquisition.js';
import { sourceWarnings } from './sourceWarnings.js';
import { checkSameGeometry } from './image/geometry.js';
import { maskOnImageGrid } from './compat/correctMask.js';
import { boxDims, maskBox, type MaskBox } from './image/maskBox.js';
import { labelIndicator } from './image/labelIndicator.js';
import { createVolume, flatVoxelData, type Geometry, type Mask, type Vec3, type Volume, type VoxelData } from './image/volume.js';
import { discretise } from './preprocess/discretise.js';
import { resampleImage, resampleMask } from './preprocess/resample.js';
import { resamplePyradiomics } from './preprocess/resamplePyradiomics.js';
import { absoluteRange, resegmentMask } from './preprocess/resegment.js';
import { foregroundMask, normalisePercentile, normaliseRange, normaliseZScore } from './preprocess/normalise.js';
import { applyNyul, parseNyulModel } from './preprocess/nyul.js';
import { FAMILIES, type FamilyName } from './features/registry.js';
import { featureId, imageFeatureId } from './features/id.js';
import { applyFilter, regionBoundWork, spacingBoundWork, supportRadius, type FilterSpec } from './preprocess/filters/index.js';
import { logKernelRadii } from './preprocess/filters/log.js';
import type { FamilyInput, FamilyOutput, FeatureValue, IvhInput, Warning } from './features/types.js';
import { MORPHOLOGY_DEFAULTS } from './features/morphology/index.js';
// '#digest': node:crypto in Node, the portable SHA-256 elsewhere (package.json "imports"; src/node/digest.ts).
import { sha256Hex } from '#digest';
import { VERSION } from './version.js';
import { valueRange } from './util/valueRange.js';

export interface ExtractOptions {
  /** Preset whose settings lie under `config` (see PRESETS). */
  readonly preset?: string;
  /** File names, for error messages and provenance only. */
  readonly imageFile?: string;
  readonly maskFile?: string;
  /**
   * SHA-256 (lower-case hex) of the voxel bytes, for provenance. Default: in Node, node:crypto (~1-2 GB/s);
   * elsewhere the built-in platform-free implementation (about 100-200 MB/s, so ~0.3 s for a 256 x 256 x 128
   * float32 image): the package import `#digest` picks one by platform. The digest is the same either way.
   */
  readonly sha256?: (bytes: Uint8Array) => string;
  /**
   * Called with the wall time (ms) of each stage as it ends: 'preprocess' (validation up to
   * discretisation), each family by name, then 'provenance' (hashes and diagnostics). For benchmarks and
   * profiling; results do not depend on it.
   */
  readonly onStage?: (stage: 'preprocess' | FamilyName | 'provenance', milliseconds: number) => void;
}

export interface ImageDiagnostics {
  readonly dimensions: Vec3;
  readonly spacing: Vec3;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface RoiDiagnostics {
  /** Dimensions of the grid the masks live on. */
  readonly maskDimensions: Vec3;
  readonly intensityBoundingBox: Vec3;
  readonly morphologicalBoundingBox: Vec3;
  readonly intensityVoxels: number;
  readonly morphologicalVoxels: number;
  /** Mean, minimum and maximum intensity over the intensity mask. */
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** IBSI diagnostic features of each processing stage (IBSI 1 manual, "Diagnostic features"). */
export interface Diagnostics {
  readonly initialImage: ImageDiagnostics;
  /** Equal to the initial stage when there is no resampling. */
  readonly interpolatedImage: ImageDiagnostics;
  readonly initialRoi: RoiDiagnostics;
  readonly interpolatedRoi: RoiDiagnostics;
  readonly resegmentedRoi: RoiDiagnostics;
}

export interface Provenance {
  readonly library: { readonly name: 'radiomics'; readonly version: string };
  readonly standard: string;
  readonly preset: string | null;
  /** The whole resolved config. */
  readonly config: ExtractConfig;
  readonly image: {
    readonly file: string | null;
    readonly geometry: Geometry;
    readonly datatype: string;
    readonly sha256: string;
    /** Scanner and protocol when the image came from DICOM (null otherwise). */
    readonly acquisition: Acquisition | null;
  };
  readonly mask: { readonly file: string | null; readonly geometry: Geometry; readonly datatype: string; readonly label: number; readonly sha256: string };
  readonly roi: {
    readonly morphologicalVoxels: number;
    readonly intensityVoxels: number;
    /** Inclusive index bounds [x0, y0, z0, x1, y1, z1] of the ROI in the processed grid. */
    readonly boundingBox: readonly number[];
    readonly bins: number;
    readonly binLowerBound: number;
  };
  readonly diagnostics: Diagnostics;
}

export interface ExtractResult {
  readonly features: readonly FeatureValue[];
  readonly warnings: readonly Warning[];
  readonly provenance: Provenance;
}

/**
 * Extracts IBSI features of the ROI `mask.label` of `mask` from `image`, in IBSI order:
 * validate -> intensity normalisation -> interpolation -> re-segmentation -> discretisation -> families.
 * Deterministic: the same inputs and config give bit-identical output.
 */
export function extract(image: Volume, mask: Mask, config: ConfigInput = {}, options: ExtractOptions = {}): ExtractResult {
  const onStage = options.onStage;
  let t0 = onStage === undefined ? 0 : performance.now();
  /** Reports the stage that ends now and starts timing the next one. */
  const stage = (name: 'preprocess' | FamilyName | 'provenance') => {
    if (onStage === undefined) return;
    const t1 = performance.now();
    onStage(name, t1 - t0);
    t0 = t1;
  };
  const prepared = prepareExtraction(image, mask, config, options);
  const features: FeatureValue[] = [];
  const warnings: Warning[] = [...prepared.roi.warnings];
  stage('preprocess');
  for (const imageType of prepared.config.imageTypes) {
    const { input, label, families } = imageTypeInput(prepared, imageType);
    for (const name of families) {
      appendFamily(features, warnings, name, label, computeFamily(name, input, prepared.config));
      // onStage times the original image's families; filtered images' families count towards the next stage.
      if (imageType.type === 'original') stage(name);
    }
  }
  const provenance = provenanceOf(prepared, options);
  stage('provenance');
  return { features, warnings, provenance };
}

/** What extract() has before any family runs: the resolved config, the ROI and its diagnostics. */
export interface Prepared {
  readonly config: ExtractConfig;
  readonly image: Volume;
  readonly mask: Mask;
  /** The processed (normalised, interpolated) image. */
  readonly work: Volume;
  readonly roi: Roi;
  /** Whether `work` was interpolated (it then has image diagnostics of its own). */
  readonly interpolated: boolean;
  readonly roiDiagnostics: Pick<Diagnostics, 'initialRoi' | 'interpolatedRoi' | 'resegmentedRoi'>;
}

function sameGeometry(image: Volume, mask: Volume, options: Parameters<typeof checkSameGeometry>[2]): boolean {
  try {
    checkSameGeometry(image, mask, options);
    return true;
  } catch (error) {
    if (isRadiomicsError(error) && error.code === 'GeometryMismatch') return false;
    throw error;
  }
}

/** Resolves the config, validates the pair and preprocesses up to discretisation (IBSI order). */
export function prepareExtraction(image: Volume, mask: Mask, config: ConfigInput, options: ExtractOptions): Prepared {
  const resolved = resolveConfig(config, options.preset);
  const geometry = { imageFile: options.imageFile, maskFile: options.maskFile, tolerance: resolved.geometryTolerance };
  if (resolved.maskToImageGrid && !sameGeometry(image, mask.volume, geometry)) {
    // PyRadiomics correctMask: the mask resampled onto the image grid (nearest neighbour), ROI within the image.
    mask = { volume: maskOnImageGrid(image, mask.volume, mask.label, options.maskFile), label: mask.label };
  }
  checkSameGeometry(image, mask.volume, geometry);
  // In a function of its own so that the whole-image ROI indicator can be collected once the ROI box is built.
  const { work, roi, initialRoi, interpolatedRoi } = preprocess(image, flatVoxelData(image), mask, flatVoxelData(mask.volume), resolved, options);
  const roiDiagnostics = { initialRoi, interpolatedRoi: interpolatedRoi ?? initialRoi, resegmentedRoi: roi.diagnostics };
  const { config: used, skipped } = withoutImpossibleImageTypes(resolved, work);
  roi.warnings.unshift(...sourceWarnings(image, resolved), ...skipped);
  return { config: used, image, mask, work, roi, interpolated: interpolatedRoi !== null, roiDiagnostics };
}

/**
 * PyRadiomics' getLoGImage computes no LoG image when the image it is given has fewer than 4 voxels along an
 * axis (ITK's recursive Gaussian needs 4 samples per line), and skips a sigma unless every axis has at least
 * ceil(sigma / spacing) + 1 voxels; the other image types go on. In compat pyradiomics the recursiveLog image
 * types are left out the same way, each with an ImageTypeSkipped warning; in IBSI mode nothing is left out
 * (the filter's InvalidArgument stands for an axis under 4 voxels).
 */
function withoutImpossibleImageTypes(config: ExtractConfig, work: Volume): { config: ExtractConfig; skipped: Warning[] } {
  if (config.compat !== 'pyradiomics') return { config, skipped: [] };
  const why = (t: ImageType): string | null => {
    if (t.type !== 'recursiveLog') return null;
    if (work.shape.some((n) => n < 4)) return 'the recursive LoG needs at least 4 voxels along every axis (PyRadiomics computes no LoG image then)';
    const need = work.spacing.map((s) => Math.ceil(t.sigma / s) + 1);
    if (work.shape.some((n, a) => n < need[a])) return `sigma ${t.sigma} mm needs at least ceil(sigma / spacing) + 1 = ${need.join(' x ')} voxels (PyRadiomics skips this sigma then)`;
    return null;
  };
  const skipped: Warning[] = [];
  const kept = config.imageTypes.filter((t) => {
    const reason = why(t);
    if (reason !== null) skipped.push({ code: 'ImageTypeSkipped', message: `image type ${t.name ?? imageTypeLabel(t)} left out: the image to filter is ${work.shape.join(' x ')} voxels; ${reason}` });
    return reason === null;
  });
  if (skipped.length === 0) return { config, skipped };
  return { config: Object.freeze({ ...config, imageTypes: Object.freeze(kept) }), skipped };
}

/**
 * The family input of one image type (IBSI 2), the prefix of its feature ids and the families it gets:
 * the original feeds every family; a response map, filtered from the whole processed image, feeds the
 * intensity-based families over the ROI re-segmented on the original.
 */
export function imageTypeInput(p: Prepared, imageType: ImageType): { input: FamilyInput; label: string | null; families: FamilyName[] } {
  const filtered = imageType.type !== 'original';
  return {
    input: filtered ? filteredInput(p.roi.input, p.work, imageType, p.config) : p.roi.input,
    label: imageType.name ?? (filtered ? imageTypeLabel(imageType) : null),
    // A family none of whose features is selected (config features) is not computed at all.
    families: p.config.families.filter((name) => (!filtered || (name !== 'morph' && name !== 'li')) && selectedFeatures(name, p.config)?.length !== 0),
  };
}

/** The keys of family `name` that config.features selects, in table order; null when every feature is computed. */
export function selectedFeatures(name: FamilyName, config: ExtractConfig): readonly string[] | null {
  const features = config.features;
  if (features === null) return null;
  return Object.keys(FAMILIES[name].features).filter((key) => features.includes(featureId(name, key, null)));
}

/**
 * One family's values and warnings on one input, with its settings from the config; with a feature
 * selection, the selected features' values only (the same numbers: a feature's value never depends on
 * which others are computed) and no warning about a feature left out.
 */
export function computeFamily(name: FamilyName, input: FamilyInput, config: ExtractConfig): FamilyOutput {
  const out = (FAMILIES[name].compute as (i: FamilyInput, p: unknown) => FamilyOutput)(input, familyParams(name, config));
  const selected = selectedFeatures(name, config);
  return selected === null ? out : onlySelected(name, out, selected);
}

/** A family's output restricted to the features `selected` (keys of its table). */
function onlySelected(name: FamilyName, out: FamilyOutput, selected: readonly string[]): FamilyOutput {
  if (out.values.every((v) => selected.includes(v.feature))) return out;
  const dropped = new Set(out.values.filter((v) => !selected.includes(v.feature)).map((v) => featureId(name, v.feature, v.aggregation, v.distance)));
  return { values: out.values.filter((v) => selected.includes(v.feature)), warnings: out.warnings.filter((w) => w.feature === undefined || !dropped.has(w.feature)) };
}

/** Adds a family's output to the result lists, with ids (`label:` prefix for image types) and IBSI codes. */
export function appendFamily(features: FeatureValue[], warnings: Warning[], name: FamilyName, label: string | null, out: FamilyOutput): void {
  const table = FAMILIES[name].features as Record<string, { name: string; ibsi: string | null }>;
  for (const raw of out.values) {
    const def = table[raw.feature];
    features.push({ id: imageFeatureId(label, featureId(name, raw.feature, raw.aggregation, raw.distance)), family: name, name: def.name, ibsi: def.ibsi, aggregation: raw.aggregation, value: raw.value });
  }
  warnings.push(...out.warnings);
}

/**
 * Settings, versions, input hashes and diagnostics: the whole-image passes (SHA-256 of every voxel,
 * image mean / min / max), which extractParallel runs while other threads compute families.
 */
export function provenanceOf(p: Prepared, options: ExtractOptions): Provenance {
  const hash = options.sha256 ?? sha256Hex;
  const { image, mask } = p;
  const imageData = flatVoxelData(image);
  const maskData = flatVoxelData(mask.volume);
  const initialImage = imageDiagnostics(image, imageData);
  return {
    library: { name: 'radiomics', version: VERSION },
    standard: 'IBSI 1 (Zwanenburg et al., Radiology 2020;295:328-338; reference manual arXiv:1612.07003)',
    preset: options.preset ?? null,
    config: p.config,
    image: { file: options.imageFile ?? null, geometry: geometryOf(image), datatype: datatypeOf(imageData), sha256: hash(bytesOf(imageData)), acquisition: image.acquisition ?? null },
    mask: { file: options.maskFile ?? null, geometry: geometryOf(mask.volume), datatype: datatypeOf(maskData), label: mask.label, sha256: hash(bytesOf(maskData)) },
    roi: p.roi.summary,
    diagnostics: { initialImage, interpolatedImage: p.interpolated ? imageDiagnostics(p.work, flatVoxelData(p.work)) : initialImage, ...p.roiDiagnostics },
  };
}

/**
 * Validation, normalisation, interpolation and the ROI box (buildRoi), with the IBSI diagnostics of
 * each step: what extract needs before the families run. `work` is the processed image.
 */
function preprocess(image: Volume, imageData: VoxelData, mask: Mask, maskData: VoxelData, resolved: ExtractConfig, options: ExtractOptions) {
  const { mask: roiIndicator, box: roiBox } = labelIndicator(maskData, mask.label, image.shape);
  const initialRoi = roiDiagnostics(image.shape, image.shape, imageData, roiIndicator, roiIndicator, roiBox);
  if (initialRoi.morphologicalVoxels === 0) {
    throw new RadiomicsError('EmptyMask', `${options.maskFile ?? 'mask'}: no voxel has label ${mask.label}`, { file: options.maskFile, label: mask.label });
  }

  const normalised = normalise(image, roiIndicator, resolved);
  let work: Volume = normalised;
  let workMask: Uint8Array = roiIndicator;
  let interpolatedRoi: RoiDiagnostics | null = null;
  let workBox = roiBox;
  const r = resolved.resampling;
  if (r !== null) {
    const inPlane = r.spacing.length === 2;
    const spacing: Vec3 = inPlane ? [r.spacing[0], r.spacing[1], image.spacing[2]] : [r.spacing[0], r.spacing[1], r.spacing[2]];
    if (r.grid === 'pyradiomics') {
      // PyRadiomics' grid over the padded ROI box, SimpleITK's interpolators, mask by nearest neighbour.
      const res = resamplePyradiomics(normalised, roiIndicator, { spacing: inPlane ? [r.spacing[0], r.spacing[1], 0] : [r.spacing[0], r.spacing[1], r.spacing[2]], interpolator: r.interpolator, padDistance: r.padDistance });
      work = res.image;
      workMask = res.mask;
    } else {
      work = resampleImage(normalised, { spacing, inPlane, interpolator: r.interpolator, roundIntensities: r.roundIntensities });
      const indicatorVolume = createVolume({ data: roiIndicator, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction });
      workMask = flatVoxelData(resampleMask(indicatorVolume, 1, { spacing, inPlane, interpolator: r.maskInterpolator, partialVolumeThreshold: r.partialVolumeThreshold })) as Uint8Array;
    }
    const wd = flatVoxelData(work);
    workBox = maskBox(workMask, work.shape);
    interpolatedRoi = roiDiagnostics(work.shape, work.shape, wd, workMask, workMask, workBox);
  }
  // The ROI's diagnostics on `work` when known already: those of the interpolated ROI, or of the initial
  // one when `work` is the image itself (no normalisation, no resampling).
  const workRoi = interpolatedRoi ?? (work === image ? initialRoi : null);
  const roi = buildRoi(work, flatVoxelData(work), workMask, workBox, workRoi, resolved, options);
  return { work, roi, initialRoi, interpolatedRoi };
}

/**
 * The ROI input on a response map: the original's box and masks (re-segmentation is done on the
 * original intensities, IBSI 2 phase 2), the response's intensities, discretised from the response's
 * ROI minimum (a re-segmentation bound is an original-intensity value and does not apply). A filter of
 * finite support runs on the ROI box grown by its support radius only, which gives the same values in
 * the box (supportRadius); a global (Fourier-domain) filter runs on the whole image.
 */
function filteredInput(base: FamilyInput, work: Volume, spec: FilterSpec, config: ExtractConfig): FamilyInput {
  // The crop a finite kernel needs is at most the whole image: its cost is bounded before anything is allocated.
  const cost = spacingBoundWork(spec, work.spacing, work.shape[0] * work.shape[1] * work.shape[2]);
  if (cost !== null && cost > config.limits.maxWork) {
    throw new RadiomicsError(
      'WorkTooLarge',
      `${spec.type} filter: kernels of ${logKernelTaps(spec, work)} taps at voxel spacing [${work.spacing.join(', ')}] mm over ${work.shape.join(' x ')} voxels = ${cost.toExponential(2)} multiply-adds, over limits.maxWork (${config.limits.maxWork.toExponential(2)}); check the header's spacing, resample to a coarser spacing, or raise limits.maxWork`,
      { filter: spec.type, work: cost, maxWork: config.limits.maxWork, spacing: [...work.spacing] },
    );
  }
  const perVoxel = regionBoundWork(spec, base.boxShape[0] * base.boxShape[1] * base.boxShape[2]);
  if (perVoxel !== null && perVoxel.work > config.limits.maxWork) {
    throw new RadiomicsError(
      'WorkTooLarge',
      `${spec.type} filter: ${perVoxel.what} over the ROI box of ${base.boxShape.join(' x ')} voxels = ${perVoxel.work.toExponential(2)} multiply-adds, over limits.maxWork (${config.limits.maxWork.toExponential(2)}); lower the setting or raise limits.maxWork`,
      { filter: spec.type, work: perVoxel.work, maxWork: config.limits.maxWork },
    );
  }
  const radius = supportRadius(spec, work);
  const lo = base.boxOffset.map((o, a) => (radius ? Math.max(0, o - radius[a]) : 0));
  const hi = base.boxOffset.map((o, a) => (radius ? Math.min(work.shape[a], o + base.boxShape[a] + radius[a]) : work.shape[a]));
  const crop = radius ? cropVolume(work, lo, hi) : work;
  const [x0, y0, z0] = base.boxOffset.map((o, a) => o - lo[a]);
  const data = applyFilter(crop, spec, { offset: [x0, y0, z0], shape: base.boxShape }).voxels.data as Float64Array;
  const [nx, ny] = crop.shape;
  const [bx, by, bz] = base.boxShape;
  const intensities = new Float64Array(bx * by * bz);
  for (let z = 0, j = 0; z < bz; z++)
    for (let y = 0; y < by; y++)
      for (let x = 0, row = x0 + nx * (y0 + y + ny * (z0 + z)); x < bx; x++, j++) intensities[j] = data[row + x];
  const roiValues = new Float64Array(base.roiValues.length);
  for (let j = 0, k = 0; j < intensities.length; j++) if (base.intensityMask[j]) roiValues[k++] = intensities[j];
  const disc = discretise(roiValues, config.discretisation, null);
  const levels = new Int32Array(intensities.length);
  for (let j = 0, m = 0; j < levels.length; j++) if (base.intensityMask[j]) levels[j] = disc.levels[m++];
  // Not a spread of `base`: that would read (compute) the original's ivh, which this input replaces.
  const fields = { image: crop, boxOffset: [x0, y0, z0] as Vec3, boxShape: base.boxShape, spacing: base.spacing, intensityMask: base.intensityMask, morphMask: base.morphMask, intensities, roiValues, levels, nBins: disc.nBins };
  return withIvh(fields, config, () => ivhInput(roiValues, config.ivhDiscretisation, null));
}

/**
 * A family input with its IVH input, which only the ivh family reads: computed now when config.families
 * has that family; else computed only if read (a getter), so that a config without it (PyRadiomics'
 * classes) skips the work. Not a getter in both cases: the ivh family reading it through one took ~3x as
 * long (measured on the 300k ROI: 9-11 ms instead of ~3). The getter is not enumerable, so that copying
 * the input (extractParallel's task input, a structured clone to a worker) leaves it out rather than
 * computing it for a thread that runs no ivh family.
 */
function withIvh(fields: Omit<FamilyInput, 'ivh'>, config: ExtractConfig, ivh: () => IvhInput): FamilyInput {
  if (config.families.includes('ivh')) return { ...fields, ivh: ivh() };
  return Object.defineProperty({ ...fields }, 'ivh', { get: ivh, enumerable: false }) as FamilyInput;
}

/** Kernel length per axis of a LoG filter on this grid, for the WorkTooLarge message ("25 x 25 x 25"). */
function logKernelTaps(spec: FilterSpec, work: Volume): string {
  if (spec.type !== 'log') return '?';
  return logKernelRadii(work.spacing, spec, spec.dims === '3D' ? 3 : 2).map((r) => 2 * r + 1).join(' x ');
}

/** The voxels [lo, hi) of a volume as a new volume (same spacing and direction; origin unchanged, unused by filters). */
function cropVolume(v: Volume, lo: readonly number[], hi: readonly number[]): Volume {
  const src = flatVoxelData(v);
  const [nx, ny] = v.shape;
  const shape: Vec3 = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
  const out = new Float64Array(shape[0] * shape[1] * shape[2]);
  for (let z = 0, j = 0; z < shape[2]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0, row = lo[0] + nx * (lo[1] + y + ny * (lo[2] + z)); x < shape[0]; x++, j++) out[j] = src[row + x];
  return createVolume({ data: out, shape, spacing: v.spacing, origin: v.origin, direction: v.direction });
}

/** Family parameters from the resolved config: one mapping, so each family sees only its own settings. */
export function familyParams(name: FamilyName, c: ExtractConfig): unknown {
  const maxMatrixBytes = c.limits.maxMatrixBytes;
  switch (name) {
    case 'morph':
      return { ...MORPHOLOGY_DEFAULTS, compat: c.compat, shape2D: c.shape2D, features: selectedFeatures('morph', c) };
    case 'stat':
      return { compat: c.compat, voxelArrayShift: c.voxelArrayShift };
    case 'glcm':
      return { ...c.glcm, maxMatrixBytes, compat: c.compat };
    case 'glrlm':
      return { ...c.glrlm, maxMatrixBytes };
    case 'glszm':
      return { ...c.glszm, maxMatrixBytes };
    case 'gldzm':
      return { ...c.gldzm, maxMatrixBytes };
    case 'ngtdm':
      return { ...c.ngtdm, maxMatrixBytes };
    case 'ngldm':
      return { ...c.ngldm, maxMatrixBytes };
    case 'li':
      return { maxWork: c.limits.maxWork };
    default:
      return {};
  }
}


/** Applies config.normalisation over its region (the ROI, the Otsu foreground or the whole image). */
function normalise(image: Volume, roi: Uint8Array, c: ExtractConfig): Volume {
  const n = c.normalisation;
  if (n.method === 'none') return image;
  const region = n.region === 'roi' ? roi : n.region === 'foreground' ? foregroundMask(image) : new Uint8Array(roi.length).fill(1);
  switch (n.method) {
    case 'zscore':
      return normaliseZScore(image, region, { scale: n.scale, clip: n.clip });
    case 'range':
      return normaliseRange(image, region, { outMin: n.outMin, outMax: n.outMax });
    case 'percentile':
      return normalisePercentile(image, region, { lower: n.lower, upper: n.upper, outMin: n.outMin, outMax: n.outMax, saturate: n.saturate });
    case 'nyul':
      return applyNyul(image, region, parseNyulModel(n.model));
  }
}

export interface Roi {
  readonly input: FamilyInput;
  readonly summary: Provenance['roi'];
  readonly diagnostics: RoiDiagnostics;
  readonly warnings: Warning[];
}

/**
 * Crops to the bounding box of the morphological mask, re-segments to make the intensity mask (the
 * morphological mask stays as segmented: IBSI "ROI masks"), checks for non-finite voxels, discretises.
 */
function buildRoi(image: Volume, imageData: VoxelData, roiMask: Uint8Array, box: MaskBox, workRoi: RoiDiagnostics | null, config: ExtractConfig, options: ExtractOptions): Roi {
  const [nx, ny] = image.shape;
  const maskName = options.maskFile ?? 'mask';
  const { x0, y0, z0, x1, y1, z1, count } = box;
  if (count === 0) {
    throw new RadiomicsError('EmptyMask', `${maskName}: the ROI is empty after mask resampling (partial volume threshold ${config.resampling?.partialVolumeThreshold})`, { file: options.maskFile });
  }
  if (count === 1) {
    throw new RadiomicsError('OneVoxelMask', `${maskName}: the ROI is a single voxel (${x0}, ${y0}, ${z0}); features need at least 2 voxels`, { file: options.maskFile, voxel: [x0, y0, z0] });
  }
  const bx = x1 - x0 + 1, by = y1 - y0 + 1, bz = z1 - z0 + 1;
  const n = bx * by * bz;
  const morphMask = new Uint8Array(n);
  const intensities = new Float64Array(n);
  const rs = config.resegmentation;
  const resegmented = rs.range !== null || rs.outlierSigma !== null;
  // Without re-segmentation the ROI values are the morphological mask's, gathered by the crop itself.
  const croppedValues = resegmented ? null : new Float64Array(count);
  // The loops over the box are helpers: V8 compiles those once, where loops here would make it compile
  // this whole function on the fly at each loop (see fftSums in features/morphology/spatial.ts).
  const bad = cropToBox(imageData, roiMask, nx, ny, x0, y0, z0, bx, by, bz, intensities, morphMask, croppedValues);
  if (bad >= 0) {
    const x = bad % bx, y = Math.floor(bad / bx) % by, z = Math.floor(bad / (bx * by));
    throw new RadiomicsError('NonFiniteVoxels', `${options.imageFile ?? 'image'}: voxel (${x0 + x}, ${y0 + y}, ${z0 + z}) inside the ROI is ${intensities[bad]}`, { file: options.imageFile, voxel: [x0 + x, y0 + y, z0 + z] });
  }
  // The box is the ROI's bounding box, so the morphological mask fills it from corner to corner.
  const morphBox: MaskBox = { x0: 0, y0: 0, z0: 0, x1: bx - 1, y1: by - 1, z1: bz - 1, count };
  if (config.roiChecks !== null) checkRoiSize(morphBox, count, config.roiChecks, maskName, options.maskFile, 'after interpolation');
  const intensityMask = resegmented ? resegmentMask(intensities, morphMask, { range: rs.range, outlierSigma: rs.outlierSigma, mode: rs.mode }) : morphMask.slice();
  // The range as intensities for discretisation and the IVH (relative and sigma ranges are fractions or
  // multiples over the ROI, resolved as resegmentMask resolves them).
  const range = rs.mode === 'absolute' || rs.range === null ? rs.range : absoluteRange(intensities, morphMask, rs.range, rs.mode).range;
  const intensityBox = resegmented ? maskBox(intensityMask, [bx, by, bz]) : morphBox;
  const kept = intensityBox.count;
  if (kept === 0) {
    throw new RadiomicsError('EmptyMask', `${maskName}: no ROI voxel is left after re-segmentation (range ${JSON.stringify(rs.range)}${rs.mode === 'absolute' ? '' : ` (${rs.mode})`}, outlierSigma ${rs.outlierSigma})`, { file: options.maskFile });
  }
  if (config.roiChecks !== null && resegmented) checkRoiSize(intensityBox, kept, config.roiChecks, maskName, options.maskFile, 'after re-segmentation');
  // PyRadiomics resegmentShape: shape features on the re-segmented mask too.
  const reshaped = rs.applyToMorphology && resegmented;
  if (reshaped) morphMask.set(intensityMask);
  const roiValues = croppedValues ?? gatherMasked(intensities, intensityMask, new Float64Array(kept));

  const disc = discretise(roiValues, config.discretisation, range?.[0] ?? null);
  const levels = new Int32Array(n);
  scatterMasked(disc.levels, intensityMask, levels);

  const warnings: Warning[] = [];
  if (kept < 27) warnings.push({ code: 'FewVoxels', message: `the ROI has only ${kept} voxels; many texture and shape features are unstable at this size` });

  const fields = { image, boxOffset: [x0, y0, z0] as Vec3, boxShape: [bx, by, bz] as Vec3, spacing: image.spacing, intensityMask, morphMask, intensities, roiValues, levels, nBins: disc.nBins };
  const input = withIvh(fields, config, () => ivhInput(roiValues, config.ivhDiscretisation, range));
  return {
    input,
    warnings,
    // Without re-segmentation the masks are the ROI on `work`, whose diagnostics may be known already
    // (the same voxels in the same order: the same sums).
    diagnostics: !resegmented && workRoi !== null ? workRoi : roiDiagnostics(image.shape, [bx, by, bz], intensities, intensityMask, morphMask, intensityBox, reshaped ? intensityBox : morphBox),
    summary: { morphologicalVoxels: count, intensityVoxels: kept, boundingBox: [x0, y0, z0, x1, y1, z1], bins: disc.nBins, binLowerBound: disc.lowerBound },
  };
}

/**
 * PyRadiomics checkMask's size checks (config.roiChecks): the ROI's bounding box must be more than one
 * voxel wide along at least minimumDimensions axes, and hold at least minimumVoxels voxels; else RoiTooSmall.
 */
function checkRoiSize(box: MaskBox, count: number, checks: NonNullable<ExtractConfig['roiChecks']>, maskName: string, file: string | undefined, when: string): void {
  const extent = [box.x1 - box.x0 + 1, box.y1 - box.y0 + 1, box.z1 - box.z0 + 1];
  const dims = extent.filter((n) => n > 1).length;
  if (dims === 0) throw new RadiomicsError('OneVoxelMask', `${maskName}: the ROI is a single voxel ${when}; features need at least 2 voxels`, { file });
  if (dims < checks.minimumDimensions) {
    throw new RadiomicsError('RoiTooSmall', `${maskName}: the ROI ${when} spans ${dims} dimension${dims === 1 ? '' : 's'} (bounding box ${extent.join(' x ')} voxels); roiChecks.minimumDimensions asks for ${checks.minimumDimensions}`, { file, dimensions: dims, boundingBox: extent, minimumDimensions: checks.minimumDimensions });
  }
  if (count < checks.minimumVoxels) {
    throw new RadiomicsError('RoiTooSmall', `${maskName}: the ROI ${when} holds ${count} voxels; roiChecks.minimumVoxels asks for at least ${checks.minimumVoxels}`, { file, voxels: count, minimumVoxels: checks.minimumVoxels });
  }
}

/**
 * Copies the box (bx by bz voxels from (x0, y0, z0)) of the image (nx ny per plane) into `intensities`
 * and of the ROI mask into `morphMask` (as 1), box order, and the ROI voxels' values into `roiValues`
 * (unless null), up to the first ROI voxel that is not finite: returns its box index, or -1 when there is none.
 */
function cropToBox(
  imageData: VoxelData,
  roiMask: Uint8Array,
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  z0: number,
  bx: number,
  by: number,
  bz: number,
  intensities: Float64Array,
  morphMask: Uint8Array,
  roiValues: Float64Array | null,
): number {
  for (let z = 0, j = 0, k = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const row = x0 + nx * (y0 + y + ny * (z0 + z));
      for (let x = 0; x < bx; x++, j++) {
        const v = imageData[row + x];
        intensities[j] = v;
        if (!roiMask[row + x]) continue;
        if (!Number.isFinite(v)) return j;
        morphMask[j] = 1;
        if (roiValues !== null) roiValues[k++] = v;
      }
    }
  return -1;
}

/** values[j] for the j where mask[j] is set, in order, into out (returned). */
function gatherMasked(values: Float64Array, mask: Uint8Array, out: Float64Array): Float64Array {
  for (let j = 0, k = 0; j < values.length; j++) if (mask[j]) out[k++] = values[j];
  return out;
}

/** values[m] (m = 0, 1, ...) into out[j] for the j where mask[j] is set, in order. */
function scatterMasked(values: ArrayLike<number>, mask: Uint8Array, out: Int32Array): void {
  for (let j = 0, m = 0; j < out.length; j++) if (mask[j]) out[j] = values[m++];
}

/**
 * X_{d,gl}, total range G and interval w_d for the intensity-volume histogram (IBSI 1 manual, IVH):
 * none (discrete calibrated): X_gl itself; G = the re-segmentation range (an open bound: the ROI
 *   extreme), else [min, max]; w_d = 1.
 * fixed bin size (continuous calibrated): bin centres X_min + (X_d - 0.5) w, with X_min and X_max from
 *   the re-segmentation range where set, else the ROI; G = [X_min + w/2, X_max - w/2]; w_d = w.
 * fixed bin number (arbitrary units; the re-segmentation range is not used): bin numbers; G = [1, N_g].
 */
export function ivhInput(roiValues: Float64Array, d: IvhDiscretisation, range: readonly [number | null, number | null] | null): IvhInput {
  const [min, max] = valueRange(roiValues);
  const hi = range?.[1] ?? max;
  if (d.method === 'none') return { values: roiValues, rangeMin: range?.[0] ?? min, rangeMax: hi, step: 1 };
  if (d.method === 'fixedBinNumber') {
    const disc = discretise(roiValues, d, null);
    return { values: Float64Array.from(disc.levels), rangeMin: 1, rangeMax: d.bins, step: 1 };
  }
  const disc = discretise(roiValues, d, range?.[0] ?? null);
  const w = d.width;
  const values = new Float64Array(roiValues.length);
  for (let i = 0; i < values.length; i++) values[i] = disc.lowerBound + (disc.levels[i] - 0.5) * w;
  return { values, rangeMin: disc.lowerBound + 0.5 * w, rangeMax: hi - 0.5 * w, step: w };
}

function imageDiagnostics(v: Volume, data: VoxelData): ImageDiagnostics {
  // Branch-free Math.min / Math.max: V8 kept the branchy form of this 8-million-voxel loop in slow code
  // call after call (measured 40-65 ms vs 16-28 ms per call). They propagate NaN, so an image with NaN
  // outside the ROI (inside it, extract throws NonFiniteVoxels) takes a second, NaN-skipping pass.
  const { shape, spacing } = v;
  const [sum, min, max] = sumMinMax(data);
  if (Number.isNaN(min)) return nanSkippingDiagnostics(shape, spacing, data);
  return { dimensions: shape, spacing, mean: sum / data.length, min, max };
}

/**
 * [sum, min, max] of `data` (min NaN if any voxel is NaN). The loop has a function of its own: V8
 * compiles a function called once with a long loop on the fly (OSR), and in the caller that code then
 * deoptimised at the object literal after the loop on every call (recompiled each time).
 */
function sumMinMax(data: VoxelData): [number, number, number] {
  // Two lanes (even and odd voxels): each running sum, min and max is a chain of dependent additions or
  // comparisons, and two independent chains run side by side (~1.6x faster). Min and max are the same
  // in any order; the sum is added pairwise, as accurate as one chain.
  let s0 = 0;
  let s1 = 0;
  let lo0 = Infinity;
  let lo1 = Infinity;
  let hi0 = -Infinity;
  let hi1 = -Infinity;
  const n = data.length;
  const even = n - (n % 2);
  for (let i = 0; i < even; i += 2) {
    const a = data[i];
    const b = data[i + 1];
    s0 += a;
    s1 += b;
    lo0 = Math.min(lo0, a);
    lo1 = Math.min(lo1, b);
    hi0 = Math.max(hi0, a);
    hi1 = Math.max(hi1, b);
  }
  if (even < n) {
    const a = data[even];
    s0 += a;
    lo0 = Math.min(lo0, a);
    hi0 = Math.max(hi0, a);
  }
  return [s0 + s1, Math.min(lo0, lo1), Math.max(hi0, hi1)];
}

/** Image diagnostics over the voxels that are not NaN (NaN background is common in processed MRI). */
function nanSkippingDiagnostics(dimensions: Vec3, spacing: Vec3, data: VoxelData): ImageDiagnostics {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (Number.isNaN(x)) continue;
    sum += x;
    count++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { dimensions, spacing, mean: sum / count, min, max };
}

/** Diagnostics of masks over a grid of `gridShape` (x fastest); `maskDimensions` is what is reported. */
function roiDiagnostics(maskDimensions: Vec3, gridShape: Vec3, data: ArrayLike<number>, intensityMask: Uint8Array, morphMask: Uint8Array, intensityBox?: MaskBox, morphBox?: MaskBox): RoiDiagnostics {
  const ib = intensityBox ?? maskBox(intensityMask, gridShape);
  const mb = morphMask === intensityMask ? ib : morphBox ?? maskBox(morphMask, gridShape);
  // In a helper, so that V8 does not compile this function on the fly (see buildRoi).
  const [sum, min, max] = maskedSumMinMax(data, intensityMask, gridShape, ib);
  return { maskDimensions, intensityBoundingBox: boxDims(ib), morphologicalBoundingBox: boxDims(mb), intensityVoxels: ib.count, morphologicalVoxels: mb.count, mean: ib.count ? sum / ib.count : 0, min, max };
}

/**
 * [sum, min, max] of data over the voxels set in `mask`, visiting only the box (where the mask voxels
 * are) in the order of a full scan, so the sum is the same. One call of planeSumMinMax per plane (the
 * running sum carried between planes exactly, as a double): V8 optimises it as a function called often,
 * where one loop over the box, in a function called a few times per extraction, ran unoptimised.
 */
function maskedSumMinMax(data: ArrayLike<number>, mask: Uint8Array, gridShape: Vec3, box: MaskBox): Float64Array {
  const acc = Float64Array.of(0, Infinity, -Infinity);
  for (let z = box.z0; z <= box.z1; z++) planeSumMinMax(data, mask, gridShape, box, z, acc);
  return acc;
}

/** Plane z of maskedSumMinMax: adds to acc = [sum, min, max]. */
function planeSumMinMax(data: ArrayLike<number>, mask: Uint8Array, gridShape: Vec3, box: MaskBox, z: number, acc: Float64Array): void {
  let sum = acc[0];
  let min = acc[1];
  let max = acc[2];
  const nx = gridShape[0];
  const ny = gridShape[1];
  for (let y = box.y0; y <= box.y1; y++)
    for (let i = box.x0 + nx * (y + ny * z), end = i + box.x1 - box.x0; i <= end; i++) {
      if (!mask[i]) continue;
      const x = data[i];
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  acc[0] = sum;
  acc[1] = min;
  acc[2] = max;
}

function geometryOf(g: Geometry): Geometry {
  return { shape: g.shape, spacing: g.spacing, origin: g.origin, direction: g.direction };
}

function datatypeOf(a: VoxelData): string {
  return a.constructor.name.replace('Array', '').toLowerCase();
}

function bytesOf(a: VoxelData): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
