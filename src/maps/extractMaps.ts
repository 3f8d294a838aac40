/**
 * Voxel-wise feature maps (local radiomics), with the semantics of PyRadiomics' voxel-based extraction
 * (`voxelBased: true`, `kernelRadius`, `maskedKernel`):
 * - normalisation, resampling, re-segmentation and discretisation are done once, for the whole ROI, as
 *   extract() does them (prepareExtraction);
 * - each ROI voxel (of the intensity mask) gets the features of its kernel, the cube of (2R+1)^3 voxels
 *   around it (clipped to the image), restricted to the ROI when `maskedKernel` (default), else every
 *   voxel of the cube;
 * - the value at a voxel is, bit for bit, what extract() gives for the kernel's voxels as the ROI with the
 *   ROI-level grey levels: for a fixed bin size, extract() with `discretisation.lowerBound` (and
 *   `ivhDiscretisation.lowerBound`) pinned to the ROI's (see `pinnedConfig`). A fixed bin number keeps the
 *   ROI's levels and N_g = bins, which no extract() setting reproduces.
 * Unmasked kernels reach voxels outside the ROI, so their grey levels come from a discretisation of the
 * whole image, as in PyRadiomics (its mask for discretisation is then the whole image).
 * Morphology and local intensity are ROI-level and refused when named (UnsupportedMap).
 */
import { RadiomicsError } from '../errors.js';
import type { ConfigInput, ExtractConfig, ImageType, IvhDiscretisation } from '../config.js';
import { PRESETS } from '../config.js';
import { appendFamily, computeFamily, familyParams, imageTypeInput, prepareExtraction, provenanceOf, selectedFeatures, type ExtractOptions, type Prepared, type Provenance } from '../extract.js';
import { discretise } from '../preprocess/discretise.js';
import { createVolume, flatVoxelData, type Geometry, type Mask, type Vec3, type Volume } from '../image/volume.js';
import { FAMILIES, type FamilyName } from '../features/registry.js';
import type { Aggregation, FamilyInput, FamilyOutput, FeatureValue, Warning } from '../features/types.js';
import { MatrixScratch } from '../features/matrixScratch.js';
import { glcmValuesInto } from '../features/glcm/index.js';
import { glrlmValuesInto, regionGlrlmValuesInto } from '../features/glrlm/index.js';
import { glszmValuesInto, regionGlszmValuesInto } from '../features/glszm.js';
import { ngldmValuesInto, regionNgldmValuesInto } from '../features/ngldm.js';
import { ngtdmValuesInto, regionNgtdmValuesInto } from '../features/ngtdm.js';
import { statisticsValuesInto } from '../features/statistics.js';
import { intensityHistogramValuesInto } from '../features/intensityHistogram.js';
import { kernelBox, kernelBoxes, kernelBuffers, kernelInput, kernelInputAt, type KernelBuffers, type MapRegion } from './kernel.js';

/** Families with no voxel-wise meaning: they describe the whole ROI. */
const ROI_LEVEL_FAMILIES: readonly FamilyName[] = ['morph', 'li'];
/** Largest kernel radius accepted: (2R+1)^3 = 9261 voxels per kernel at R = 10. */
const MAX_KERNEL_RADIUS = 10;
/** Kernels between progress reports and abort checks. */
const PROGRESS_STEP = 64;

export interface MapsOptions extends Pick<ExtractOptions, 'preset' | 'imageFile' | 'maskFile' | 'sha256'> {
  /** R: the kernel is the cube of (2R+1)^3 voxels centred on each ROI voxel. Whole number, 1 to 10. Cost grows about as (2R+1)^3. */
  readonly kernelRadius: number;
  /** Restrict each kernel to the ROI (default true, as PyRadiomics). */
  readonly maskedKernel?: boolean;
  /** Feature ids to map (default: every feature of the config's families but morph and li). */
  readonly features?: readonly string[];
  /** Value of the voxels outside the ROI in mapVolume (default NaN). A feature undefined in a kernel is always NaN. */
  readonly outsideValue?: number;
  /** Called with (kernels done, kernels in all) every few kernels and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Cancels the computation (an Aborted error) at the next progress step. */
  readonly signal?: AbortSignal;
}

/** One feature's map: a value per ROI voxel (MapsResult.voxels), NaN where the feature is undefined in the kernel. */
export interface FeatureMap {
  readonly id: string;
  readonly family: FamilyName;
  readonly name: string;
  readonly ibsi: string | null;
  readonly aggregation: Aggregation | null;
  readonly values: Float64Array;
  /** Kernels where the feature is undefined (NaN in `values`). */
  readonly undefinedKernels: number;
}

export interface MapsResult {
  /** The grid of the maps: the processed (normalised, resampled) image's. */
  readonly grid: Geometry;
  /** Flat indices (x fastest) in `grid` of the voxels that have values, ascending. */
  readonly voxels: Int32Array;
  readonly maps: readonly FeatureMap[];
  readonly kernel: { readonly radius: number; readonly masked: boolean };
  readonly outsideValue: number;
  /** One UndefinedFeature warning per map that is NaN somewhere in the ROI. */
  readonly warnings: readonly Warning[];
  readonly provenance: Provenance;
}

/**
 * Feature maps of the ROI `mask.label` of `mask` on `image` (see the module comment for the semantics).
 * Memory: one float64 per ROI voxel per map (90 maps of a 300k-voxel ROI: 216 MB) plus the ROI box;
 * mapVolume makes one full-grid volume at a time.
 */
export function extractMaps(image: Volume, mask: Mask, config: ConfigInput, options: MapsOptions): MapsResult {
  const plan = planMaps(image, mask, config, options);
  const total = plan.voxels.length;
  const values = plan.maps.map(() => new Float64Array(total));
  const undefinedKernels = new Int32Array(plan.maps.length);
  // One runner for all kernels (its buffers and working memory reused throughout), writing straight into the maps.
  const run = kernelRunner(slabTask(plan, 0, total));
  for (let from = 0; from < total; from += PROGRESS_STEP) {
    step(options, from, total);
    run(from, Math.min(total, from + PROGRESS_STEP), values, 0, undefinedKernels);
  }
  copyRepeats(plan, values, undefinedKernels);
  options.onProgress?.(total, total);
  return assemble(plan, values, undefinedKernels, options);
}

/**
 * Runs a MapSlabTask on another thread (a Web Worker or worker_threads) and resolves with runMapSlab's answer
 * there. extractMapsParallel keeps two slabs in flight per runner (the thread may queue the second).
 */
export type MapSlabRunner = (task: MapSlabTask) => Promise<MapSlabResult>;

export interface ParallelMapsOptions extends MapsOptions {
  /** One runner per other thread; the calling thread takes slabs too. */
  readonly runners: readonly MapSlabRunner[];
}

/**
 * extractMaps over several threads: the calling thread plans (preprocessing, the region, the maps),
 * the ROI voxels are cut into slabs (runs of consecutive voxels) that the threads take in turn, each
 * kernel computed by the same code wherever it runs, so the maps are extractMaps', bit for bit.
 */
export async function extractMapsParallel(image: Volume, mask: Mask, config: ConfigInput, options: ParallelMapsOptions): Promise<MapsResult> {
  const plan = planMaps(image, mask, config, options);
  const total = plan.voxels.length;
  const values = plan.maps.map(() => new Float64Array(total));
  const undefinedKernels = new Int32Array(plan.maps.length);
  const task = slabTask(plan, 0, 0);
  const threads = options.runners.length + 1;
  let next = 0;
  let done = 0;
  // Set when a slab fails: no thread takes another (the call rejects with the first error).
  let failed = false;
  // Guided slabs: each 1 / (4 threads) of the kernels left (at least PROGRESS_STEP), so large at first (a
  // slab's message and answer cost little next to it) and small at the end, where a thread that has
  // finished would otherwise wait for another's last large slab.
  const take = (): [number, number] | null => {
    if (options.signal?.aborted) throw new RadiomicsError('Aborted', `feature maps cancelled after ${done} of ${total} kernels`, { done, total });
    if (failed || next >= total) return null;
    const from = next;
    next = Math.min(total, next + Math.max(PROGRESS_STEP, Math.ceil((total - next) / (4 * threads))));
    return [from, next];
  };
  const finish = (from: number, to: number, part: MapSlabResult) => {
    mergeSlab(part, from, values, undefinedKernels);
    done += to - from;
    options.onProgress?.(done, total);
  };
  // Takes slabs until none is left, each computed by `run`; a failure stops every thread taking more.
  const drain = async (run: (from: number, to: number) => MapSlabResult | Promise<MapSlabResult>, yieldBetween: boolean) => {
    try {
      for (let range = take(); range !== null; range = take()) {
        const [from, to] = range;
        finish(from, to, await run(from, to));
        if (yieldBetween) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  // The calling thread: its slabs one after another, yielding between them so that the other threads'
  // answers are taken, and their next slabs sent, as they come; then the empty slab that releases the
  // kernel runner it kept for this plan (runMapSlab).
  // It first makes the provenance (SHA-256 of the inputs, the image diagnostics: ~8 ms on brain1, a whole
  // pass over the image and mask) while the other threads compute their first slabs, instead of after
  // every slab, when they would be idle (as extractParallel does).
  let provenance: Provenance | null = null;
  const own = async () => {
    try {
      provenance = provenanceOf(plan.prepared, options);
    } catch (error) {
      failed = true;
      throw error;
    }
    return drain((from, to) => runMapSlab({ ...task, from, to }), true).finally(() => runMapSlab({ ...task, from: total, to: total }));
  };
  // Another thread: two slabs in flight, so that it starts its next slab as soon as it has answered one.
  // Its answer is read only when the calling thread yields, between two of its own slabs: with one slab in
  // flight the other thread sat idle until then (brain1 R = 2 on 2 threads, wall: x1.32 of one thread,
  // then x1.56-1.61 at load 1.2-1.9).
  const other = async (runner: MapSlabRunner) => {
    const stream = () => drain((from, to) => runner({ ...task, from, to }), false);
    // Both streams settled before the empty slab that releases the kernel runner the thread kept for this
    // plan (a thread that failed has nothing to release, so its answer is not awaited for an error).
    const settled = await Promise.allSettled([stream(), stream()]);
    await runner({ ...task, from: total, to: total }).catch(() => undefined);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
  };
  // The other threads get their first slabs before the calling thread starts on its own.
  await Promise.all([...options.runners.map((r) => other(r)), own()]);
  copyRepeats(plan, values, undefinedKernels);
  options.onProgress?.(total, total);
  return assemble(plan, values, undefinedKernels, options, provenance ?? undefined);
}

/** Kernels [from, to) of a plan, as plain data (structured-cloneable) for another thread. */
export interface MapSlabTask {
  readonly kind: 'mapSlab';
  readonly config: ExtractConfig;
  readonly radius: number;
  /**
   * Per image type: its region, families and their map columns, per kernel its box (kernelBoxes) and the
   * earlier kernel whose values it takes (-1: computed), see repeatedKernels.
   */
  readonly types: readonly { readonly region: MapRegion; readonly families: readonly FamilyName[]; readonly columns: readonly (Int32Array | null)[]; readonly boxes: Int32Array; readonly sourceOf: Int32Array }[];
  readonly mapCount: number;
  readonly from: number;
  readonly to: number;
  /**
   * Which extractMapsParallel call the slab belongs to (unique per calling thread). A thread keeps the
   * kernel runner of the plan it last ran (its buffers, working memory and per-region tables: ~2 ms to make
   * for brain1, once per slab before) for the plan's later slabs, as the one-thread path keeps one for
   * every kernel (same code, same bits); the plan's empty slab (from = to) releases it. Without it, a
   * runner per slab.
   */
  readonly plan?: number;
}

/** A slab's values: per map, one value per kernel of the slab; and per map the kernels where it is undefined. */
export interface MapSlabResult {
  readonly values: readonly Float64Array[];
  readonly undefinedKernels: Int32Array;
}

/** Computes the kernels of a slab (on any thread): each kernel's FamilyInput, then each family's own code. */
export function runMapSlab(task: MapSlabTask): MapSlabResult {
  const n = task.to - task.from;
  const values = Array.from({ length: task.mapCount }, () => new Float64Array(n));
  const undefinedKernels = new Int32Array(task.mapCount);
  if (task.plan === undefined) kernelRunner(task)(task.from, task.to, values, task.from, undefinedKernels);
  else if (n === 0) {
    if (keptRunner?.plan === task.plan) keptRunner = null;
  } else {
    if (keptRunner?.plan !== task.plan) keptRunner = { plan: task.plan, run: kernelRunner(task) };
    keptRunner.run(task.from, task.to, values, task.from, undefinedKernels);
  }
  return { values, undefinedKernels };
}

/** The kernel runner this thread keeps for the slabs of one plan (MapSlabTask.plan). */
let keptRunner: { readonly plan: number; readonly run: KernelRun } | null = null;

/** Plan numbers of this thread's extractMapsParallel calls (MapSlabTask.plan). */
let nextPlan = 0;

/** Computes kernels [from, to) into values[m][k - base] (kernelRunner). */
type KernelRun = (from: number, to: number, values: readonly Float64Array[], base: number, undefinedKernels: Int32Array) => void;

/**
 * What does not change from kernel to kernel, made once: the kernel buffers, the families' working
 * memory (their `scratch` setting), each mapped family's code, settings and columns (computeFamily would
 * look these up and copy the settings per kernel; kernelConfig has no feature selection, so computeFamily
 * gives exactly the family's own output). The runner computes kernels [from, to) into values[m][k - base].
 */
function kernelRunner(task: MapSlabTask): KernelRun {
  const buf = kernelBuffers(task.radius);
  const scratch = new MatrixScratch();
  // A family's values of one kernel, for the families with a values-only path.
  let row = new Float64Array(0);
  const types = task.types.map((type) => {
    const computes: ((input: FamilyInput, params: unknown) => FamilyOutput)[] = [];
    const valueComputes: (ValuesInto | null)[] = [];
    const params: unknown[] = [];
    const columns: Int32Array[] = [];
    const { region } = type;
    const kernelsOfRegion = levelsWithinMasks(region);
    type.families.forEach((name, f) => {
      const col = type.columns[f];
      if (col === null) return;
      const given = { ...(familyParams(name, task.config) as object), scratch };
      const ofRegion = kernelsOfRegion ? REGION_VALUES_INTO[name]?.(region.levels, region.shape, region.offset, given) : null;
      computes.push(FAMILIES[name].compute as (input: FamilyInput, params: unknown) => FamilyOutput);
      valueComputes.push(ofRegion ?? VALUES_INTO[name] ?? null);
      params.push(given);
      columns.push(col);
      if (row.length < col.length) row = new Float64Array(col.length);
    });
    return { region: type.region, computes, valueComputes, params, columns, boxes: type.boxes, sourceOf: type.sourceOf };
  });
  return (from, to, values, base, undefinedKernels) => {
    for (const { region, computes, valueComputes, params, columns, boxes, sourceOf } of types) {
      if (computes.length === 0) continue;
      for (let k = from; k < to; k++) {
        // A repeat of an earlier kernel: copied from it once all kernels are done (copyRepeats).
        if (sourceOf[k] >= 0) continue;
        const input = kernelInputAt(region, boxes, k, buf);
        for (let f = 0; f < computes.length; f++) {
          const into = valueComputes[f];
          if (into === null) writeValues(computes[f](input, params[f]).values, columns[f], values, undefinedKernels, k - base);
          else writeRow(row, into(input, params[f], row), columns[f], values, undefinedKernels, k - base);
        }
      }
    }
  };
}

/**
 * A family's values of one kernel without the value objects (its compute's values in order, NaN for
 * null, the same bits otherwise) into `out`; returns their number.
 */
type ValuesInto = (input: FamilyInput, params: unknown, out: Float64Array) => number;

/** The families with a values-only path (the others go through compute). */
const VALUES_INTO: Partial<Record<FamilyName, ValuesInto>> = {
  glcm: glcmValuesInto as ValuesInto,
  glrlm: glrlmValuesInto as ValuesInto,
  glszm: glszmValuesInto as ValuesInto,
  ngldm: ngldmValuesInto as ValuesInto,
  ngtdm: ngtdmValuesInto as ValuesInto,
  stat: statisticsValuesInto as ValuesInto,
  ih: intensityHistogramValuesInto as ValuesInto,
};

/**
 * Families whose kernels share work made once for the region (its grey levels over its shape, at its
 * offset in the image grid): a ValuesInto for the region's kernels, or null when the settings give none.
 * Used only when every kernel's levels are the region's over its box (levelsWithinMasks).
 */
const REGION_VALUES_INTO: Partial<Record<FamilyName, (levels: Int32Array, shape: Vec3, offset: Vec3, params: unknown) => ValuesInto | null>> = {
  glrlm: regionGlrlmValuesInto as (levels: Int32Array, shape: Vec3, offset: Vec3, params: unknown) => ValuesInto | null,
  glszm: regionGlszmValuesInto as (levels: Int32Array, shape: Vec3, offset: Vec3, params: unknown) => ValuesInto | null,
  ngldm: regionNgldmValuesInto as (levels: Int32Array, shape: Vec3, offset: Vec3, params: unknown) => ValuesInto | null,
  ngtdm: regionNgtdmValuesInto as (levels: Int32Array, shape: Vec3, offset: Vec3, params: unknown) => ValuesInto | null,
};

/**
 * Whether a kernel's levels (kernelInput: the region's where both masks hold, else 0) are the region's over
 * its box: every voxel with a level lies in both masks (the levels are 0 outside the intensity mask, and
 * that lies within the morphological mask).
 */
function levelsWithinMasks(region: MapRegion): boolean {
  const { levels, morphMask, intensityMask } = region;
  for (let i = 0; i < levels.length; i++) if (levels[i] > 0 && !(morphMask[i] & intensityMask[i])) return false;
  return true;
}

interface MapsPlan {
  readonly prepared: Prepared;
  readonly radius: number;
  readonly masked: boolean;
  readonly types: MapSlabTask['types'];
  readonly maps: readonly FeatureValue[];
  readonly voxels: Int32Array;
}

/** Validation, preprocessing, the region of each image type and the maps (from the first kernel's output). */
function planMaps(image: Volume, mask: Mask, config: ConfigInput, options: MapsOptions): MapsPlan {
  const radius = options.kernelRadius;
  if (!Number.isInteger(radius) || radius < 1 || radius > MAX_KERNEL_RADIUS) {
    throw new RadiomicsError('InvalidArgument', `kernelRadius must be a whole number from 1 to ${MAX_KERNEL_RADIUS}, got ${radius}`, { option: 'kernelRadius', value: radius });
  }
  const masked = options.maskedKernel ?? true;
  checkFamilies(config, options.preset);
  const prepared = prepareExtraction(image, mask, config, options);
  const c = prepared.config;
  if (!masked && c.resegmentation.range !== null && c.resegmentation.mode !== 'absolute') {
    throw new RadiomicsError('UnsupportedMap', `unmasked kernels with ${c.resegmentation.mode} re-segmentation are not supported: its bounds come from the ROI, undefined for voxels outside it`, { option: 'maskedKernel' });
  }
  if (!masked && c.resegmentation.outlierSigma !== null) {
    throw new RadiomicsError('UnsupportedMap', 'unmasked kernels with outlier re-segmentation are not supported: the outlier bounds of voxels outside the ROI are undefined', { option: 'maskedKernel' });
  }
  if (!masked && c.imageTypes.some((t) => t.type !== 'original')) {
    throw new RadiomicsError('UnsupportedMap', 'unmasked kernels support the original image only, not filtered image types', { option: 'maskedKernel' });
  }
  const families = c.families.filter((f) => !ROI_LEVEL_FAMILIES.includes(f));
  const wanted = options.features === undefined ? null : new Set(options.features);
  const maps: FeatureValue[] = [];
  const buf = kernelBuffers(radius);
  const types = c.imageTypes.map((imageType) => {
    const { input, label, families: typeFamilies } = imageTypeInput(prepared, imageType);
    const region = masked ? maskedRegion(input, c, imageType.type === 'original' && c.resegmentation.mode === 'absolute' ? c.resegmentation.range : null) : unmaskedRegion(prepared, radius);
    const chosen = families.filter((f) => typeFamilies.includes(f));
    const columns = chosen.map((name) => familyColumns(region, label, name, c, wanted, buf, radius, maps));
    const boxes = kernelBoxes(region, radius);
    return { region, families: chosen, columns, boxes, sourceOf: repeatedKernels(region, boxes) };
  });
  if (wanted !== null) {
    const known = new Set(maps.map((m) => m.id));
    const unknown = [...wanted].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new RadiomicsError('InvalidArgument', `no map for feature id(s) ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', ...' : ''}: maps cover the families ${families.join(', ')} of the config (morph and li are ROI-level)`, { features: unknown });
  }
  return { prepared, radius, masked, types, maps, voxels: gridIndices(types[0].region, prepared.work.shape) };
}

/** The plan as a slab task, without the processed image (no mapped family reads it). */
function slabTask(plan: MapsPlan, from: number, to: number): MapSlabTask {
  const types = plan.types.map((t) => ({ ...t, region: { ...t.region, image: null } }));
  return { kind: 'mapSlab', config: kernelConfig(plan.prepared.config), radius: plan.radius, types, mapCount: plan.maps.length, from, to, plan: nextPlan++ };
}

function mergeSlab(part: MapSlabResult, from: number, values: Float64Array[], undefinedKernels: Int32Array): void {
  for (let m = 0; m < values.length; m++) {
    values[m].set(part.values[m], from);
    undefinedKernels[m] += part.undefinedKernels[m];
  }
}

function assemble(plan: MapsPlan, values: Float64Array[], undefinedKernels: Int32Array, options: MapsOptions, provenance: Provenance = provenanceOf(plan.prepared, options)): MapsResult {
  const { prepared } = plan;
  const total = plan.voxels.length;
  const warnings: Warning[] = [...prepared.roi.warnings];
  plan.maps.forEach((m, i) => {
    if (undefinedKernels[i] > 0) warnings.push({ code: 'UndefinedFeature', feature: m.id, message: `${m.id} is undefined in ${undefinedKernels[i]} of ${total} kernels (NaN there)` });
  });
  const work = prepared.work;
  return {
    grid: { shape: work.shape, spacing: work.spacing, origin: work.origin, direction: work.direction },
    voxels: plan.voxels,
    maps: plan.maps.map((m, i) => ({ id: m.id, family: m.family as FamilyName, name: m.name, ibsi: m.ibsi, aggregation: m.aggregation, values: values[i], undefinedKernels: undefinedKernels[i] })),
    kernel: { radius: plan.radius, masked: plan.masked },
    outsideValue: options.outsideValue ?? NaN,
    warnings,
    provenance,
  };
}

/** One map as a volume on the maps' grid: its values at the ROI voxels, `outsideValue` elsewhere (float32 or float64). */
export function mapVolume(result: MapsResult, map: FeatureMap, type: 'float32' | 'float64' = 'float32'): Volume {
  const { grid } = result;
  const n = grid.shape[0] * grid.shape[1] * grid.shape[2];
  const data = type === 'float32' ? new Float32Array(n) : new Float64Array(n);
  data.fill(result.outsideValue);
  for (let k = 0; k < result.voxels.length; k++) data[result.voxels[k]] = map.values[k];
  return createVolume({ data, shape: grid.shape, spacing: grid.spacing, origin: grid.origin, direction: grid.direction });
}

/**
 * The config under which extract() on a kernel's voxels gives the map values: the fixed bin size lower
 * bounds pinned to the ROI-level ones (`discretisation`, and `ivhDiscretisation` when it is a fixed bin
 * size), normalisation off (the maps' image is already normalised: pass extract() the processed image).
 * Null for a fixed bin number, which no extract() setting reproduces.
 */
export function pinnedConfig(config: ExtractConfig, roiLowerBound: number, ivhLowerBound: number | null): ConfigInput | null {
  const d = config.discretisation;
  if (d.method !== 'fixedBinSize') return null;
  const ivh = config.ivhDiscretisation;
  return {
    ...config,
    normalisation: { method: 'none' },
    resampling: null,
    // A kernel is not an ROI that PyRadiomics' checkMask sees (its voxel-based mode checks the whole ROI once).
    roiChecks: null,
    discretisation: { method: 'fixedBinSize', width: d.width, lowerBound: roiLowerBound, binning: 'ibsi' },
    ivhDiscretisation: ivh.method === 'fixedBinSize' && ivhLowerBound !== null ? { method: 'fixedBinSize', width: ivh.width, lowerBound: ivhLowerBound, binning: 'ibsi' } : ivh,
  } as ConfigInput;
}

/** morph and li named in the config's families (else the preset's) are refused; otherwise they are left out. */
function checkFamilies(config: ConfigInput, preset: string | undefined): void {
  const own = (config as { families?: unknown }).families;
  const list = own !== undefined ? own : preset !== undefined ? (PRESETS[preset]?.config as { families?: unknown } | undefined)?.families : undefined;
  if (!Array.isArray(list)) return;
  const bad = list.filter((f) => ROI_LEVEL_FAMILIES.includes(f as FamilyName));
  if (bad.length > 0) throw new RadiomicsError('UnsupportedMap', `${bad.join(' and ')} describe the whole ROI and have no voxel-wise maps; leave them out of families`, { families: bad });
}

function step(options: MapsOptions, done: number, total: number): void {
  if (options.signal?.aborted) throw new RadiomicsError('Aborted', `feature maps cancelled after ${done} of ${total} kernels`, { done, total });
  options.onProgress?.(done, total);
}

/** Masked kernels: the ROI box as extract() builds it (levels, masks), centres = the intensity-mask voxels. */
function maskedRegion(input: FamilyInput, c: ExtractConfig, range: readonly [number | null, number | null] | null): MapRegion {
  let count = 0;
  for (let j = 0; j < input.intensityMask.length; j++) count += input.intensityMask[j];
  const centres = new Int32Array(count);
  for (let j = 0, k = 0; j < input.intensityMask.length; j++) if (input.intensityMask[j]) centres[k++] = j;
  const [min] = extremes(input.roiValues);
  return {
    image: input.image,
    spacing: input.spacing,
    offset: input.boxOffset,
    shape: input.boxShape,
    intensities: input.intensities,
    intensityMask: input.intensityMask,
    morphMask: input.morphMask,
    levels: input.levels,
    centres,
    nBins: c.discretisation.method === 'fixedBinSize' ? 'highest' : c.discretisation.bins,
    ivh: ivhOf(c.ivhDiscretisation, range, min),
  };
}

/**
 * Unmasked kernels: the ROI box grown by R (clipped to the image); every finite voxel in the
 * re-segmentation range is in both masks. Grey levels from the discretisation of the whole image (its
 * voxels in the range), as PyRadiomics discretises over the whole image when maskedKernel is false.
 */
function unmaskedRegion(p: Prepared, radius: number): MapRegion {
  const c = p.config;
  const work = p.work;
  const data = flatVoxelData(work);
  const [nx, ny] = work.shape;
  const range = c.resegmentation.range;
  const lowR = range?.[0] ?? -Infinity;
  const highR = range?.[1] ?? Infinity;
  const inRange = (v: number) => Number.isFinite(v) && v >= lowR && v <= highR;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!inRange(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const roi = p.roi.input;
  const lo: Vec3 = [0, 1, 2].map((a) => Math.max(0, roi.boxOffset[a] - radius)) as unknown as Vec3;
  const hi: Vec3 = [0, 1, 2].map((a) => Math.min(work.shape[a], roi.boxOffset[a] + roi.boxShape[a] + radius)) as unknown as Vec3;
  const shape: Vec3 = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
  const n = shape[0] * shape[1] * shape[2];
  const intensities = new Float64Array(n);
  const mask = new Uint8Array(n);
  const kept: number[] = [];
  for (let z = 0, j = 0; z < shape[2]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0, i = lo[0] + nx * (lo[1] + y + ny * (lo[2] + z)); x < shape[0]; x++, i++, j++) {
        const v = data[i];
        intensities[j] = v;
        if (!inRange(v)) continue;
        mask[j] = 1;
        kept.push(v);
      }
  const d = c.discretisation;
  let levelsOfKept: Int32Array;
  let nBins: 'highest' | number;
  if (d.method === 'fixedBinSize') {
    const lower = d.binning === 'pyradiomics' ? d.width * Math.floor(min / d.width) : d.lowerBound ?? range?.[0] ?? min;
    levelsOfKept = discretise(Float64Array.from(kept), { method: 'fixedBinSize', width: d.width, lowerBound: lower }).levels;
    nBins = 'highest';
  } else {
    // The whole image's minimum and maximum ride along, so the bins are the whole image's (same formula as extract).
    levelsOfKept = discretise(Float64Array.from([...kept, min, max]), d).levels.subarray(0, kept.length);
    nBins = d.bins;
  }
  const levels = new Int32Array(n);
  for (let j = 0, m = 0; j < n; j++) if (mask[j]) levels[j] = levelsOfKept[m++];
  // Centres: the ROI's intensity-mask voxels, in region coordinates.
  const centres: number[] = [];
  const [bx, by, bz] = roi.boxShape;
  for (let z = 0, j = 0; z < bz; z++)
    for (let y = 0; y < by; y++)
      for (let x = 0; x < bx; x++, j++) {
        if (!roi.intensityMask[j]) continue;
        centres.push(roi.boxOffset[0] + x - lo[0] + shape[0] * (roi.boxOffset[1] + y - lo[1] + shape[1] * (roi.boxOffset[2] + z - lo[2])));
      }
  return { image: work, spacing: work.spacing, offset: lo, shape, intensities, intensityMask: mask, morphMask: mask, levels, centres: Int32Array.from(centres), nBins, ivh: ivhOf(c.ivhDiscretisation, range, min) };
}

/** The kernel's IVH input: extract's ivhInput with a fixed bin size's lower bound pinned to the region's (as discretise would place it). */
function ivhOf(d: IvhDiscretisation, range: readonly [number | null, number | null] | null, regionMin: number): MapRegion['ivh'] {
  if (d.method !== 'fixedBinSize') return { discretisation: d, range };
  const lower = d.binning === 'pyradiomics' ? d.width * Math.floor(regionMin / d.width) : d.lowerBound ?? range?.[0] ?? regionMin;
  return { discretisation: { method: 'fixedBinSize', width: d.width, lowerBound: lower, binning: 'ibsi' }, range };
}

function extremes(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Flat grid indices of a region's centres. */
function gridIndices(region: MapRegion, shape: Vec3): Int32Array {
  const [rx, ry] = region.shape;
  const [nx, ny] = shape;
  const out = new Int32Array(region.centres.length);
  for (let k = 0; k < out.length; k++) {
    const c = region.centres[k];
    const x = (c % rx) + region.offset[0];
    const y = (Math.floor(c / rx) % ry) + region.offset[1];
    const z = Math.floor(c / (rx * ry)) + region.offset[2];
    out[k] = x + nx * (y + ny * z);
  }
  return out;
}

/**
 * The features one family gives (from its output on the first kernel), as maps appended to `maps`:
 * per output position, the map index or -1, or null when no feature of the family is wanted.
 */
function familyColumns(region: MapRegion, label: string | null, name: FamilyName, c: ExtractConfig, wanted: Set<string> | null, buf: KernelBuffers, radius: number, maps: FeatureValue[]): Int32Array | null {
  if (region.centres.length === 0) return null;
  const out = computeFamily(name, kernelInput(region, kernelBox(region, region.centres[0], radius), buf), kernelConfig(c));
  const selected = selectedFeatures(name, c);
  const defs: FeatureValue[] = [];
  appendFamily(defs, [], name, label, out);
  const cols = new Int32Array(defs.length).fill(-1);
  let any = false;
  defs.forEach((def, i) => {
    if (wanted !== null && !wanted.has(def.id)) return;
    if (selected !== null && !selected.includes(out.values[i].feature)) return;
    cols[i] = maps.length;
    maps.push(def);
    any = true;
  });
  return any ? cols : null;
}

/**
 * The config kernels are computed with: the feature selection (config features) is applied once, to the
 * columns (familyColumns), so that each kernel's output is not filtered again (mapped families compute
 * every feature anyway: only morphology, which has no maps, skips work for a selection).
 */
function kernelConfig(c: ExtractConfig): ExtractConfig {
  return c.features === null ? c : { ...c, features: null };
}

/** A values-only family's `count` values (row, NaN = undefined) for kernel k of a slab into its maps (NaN counted). */
function writeRow(row: Float64Array, count: number, cols: Int32Array, values: readonly Float64Array[], undefinedKernels: Int32Array, k: number): void {
  if (count !== cols.length) throw new RadiomicsError('InternalError', `a family gave ${count} values for a kernel, ${cols.length} for the first`, {});
  for (let i = 0; i < count; i++) {
    const col = cols[i];
    if (col < 0) continue;
    const v = row[i];
    values[col][k] = v;
    if (v !== v) undefinedKernels[col]++;
  }
}

/**
 * Per kernel of `region`, the first earlier kernel with the same box (`boxes`, kernelBoxes), or -1. The kernel's input
 * is a function of its box alone, so a repeat's values are its source's, bit for bit: computed once,
 * copied after (copyRepeats), whichever thread computed the source. Thick slices make repeats common
 * (few slices in a kernel's reach): brain1 (6.5 mm) with R = 1 / 2 / 3, 9 / 22 / 27 % of the kernels.
 */
function repeatedKernels(region: MapRegion, boxes: Int32Array): Int32Array {
  const centres = region.centres;
  const sourceOf = new Int32Array(centres.length);
  const [nx, ny, nz] = region.shape;
  const size = nx * ny * nz;
  // A box as its first and last region index: one number while size^2 <= 2^52, else a string.
  const exact = size <= 2 ** 26;
  const firstOfBox = new Map<number | string, number>();
  for (let k = 0; k < centres.length; k++) {
    const b = 6 * k;
    const first = boxes[b] + nx * (boxes[b + 1] + ny * boxes[b + 2]);
    const last = boxes[b + 3] + nx * (boxes[b + 4] + ny * boxes[b + 5]);
    const key = exact ? first * size + last : `${first},${last}`;
    const source = firstOfBox.get(key);
    if (source === undefined) {
      firstOfBox.set(key, k);
      sourceOf[k] = -1;
    } else sourceOf[k] = source;
  }
  return sourceOf;
}

/**
 * The values of every repeated kernel (repeatedKernels) copied from its source, once all kernels are
 * computed. Map by map (one array at a time, instead of every map's array per kernel: measured on brain1
 * R = 2, ~910 repeats x 93 maps: 0.47 -> 0.23 ms in a hot loop of its own, 1.26 -> 0.63 ms per call in a --cpu-prof of 30 extractMaps calls). A source is never a repeat, so the order of the copies is free.
 */
function copyRepeats(plan: MapsPlan, values: readonly Float64Array[], undefinedKernels: Int32Array): void {
  for (const { columns, sourceOf } of plan.types) {
    let repeats = 0;
    for (let k = 0; k < sourceOf.length; k++) if (sourceOf[k] >= 0) repeats++;
    if (repeats === 0) continue;
    const kernels = new Int32Array(repeats);
    for (let k = 0, r = 0; k < sourceOf.length; k++) if (sourceOf[k] >= 0) kernels[r++] = k;
    for (const cols of columns) {
      if (cols === null) continue;
      for (let i = 0; i < cols.length; i++) if (cols[i] >= 0) undefinedKernels[cols[i]] += copyMapRepeats(values[cols[i]], kernels, sourceOf);
    }
  }
}

/** One map's values of the repeated `kernels` copied from their sources (sourceOf); returns how many are NaN. */
function copyMapRepeats(map: Float64Array, kernels: Int32Array, sourceOf: Int32Array): number {
  let undefinedCount = 0;
  for (let r = 0; r < kernels.length; r++) {
    const k = kernels[r];
    const v = map[sourceOf[k]];
    map[k] = v;
    if (v !== v) undefinedCount++;
  }
  return undefinedCount;
}

/** A family's values for kernel k of a slab into its maps (null -> NaN, counted). */
function writeValues(out: readonly { value: number | null }[], cols: Int32Array, values: readonly Float64Array[], undefinedKernels: Int32Array, k: number): void {
  if (out.length !== cols.length) throw new RadiomicsError('InternalError', `a family gave ${out.length} values for a kernel, ${cols.length} for the first`, {});
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i];
    if (col < 0) continue;
    const v = out[i].value;
    if (v === null) {
      values[col][k] = NaN;
      undefinedKernels[col]++;
    } else values[col][k] = v;
  }
}
