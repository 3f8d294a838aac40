/**
 * One extraction over several threads. The calling thread validates and preprocesses, hands part of
 * the families (and morphology's Moran / Geary pair sums, its largest part) to other threads as
 * plain-data tasks, runs the rest itself and assembles the result in extract()'s order. Every family
 * runs the same code on the same input wherever it runs, so the result is bit-identical to extract()'s,
 * for any number of threads.
 *
 * The threads belong to the caller: a TaskRunner posts a task to a worker, where runFamilyTask(task)
 * computes the answer. radiomics/node wraps worker_threads in createExtractor; in a browser a Web
 * Worker does `onmessage = (e) => postMessage(runFamilyTask(e.data))`. Nothing here needs Node.
 */
import { RadiomicsError, errorFromData, errorToData, type ErrorData } from './errors.js';
import type { ConfigInput, ExtractConfig, FamilyName } from './config.js';
import { appendFamily, computeFamily, familyParams, imageTypeInput, selectedFeatures, prepareExtraction, provenanceOf, type ExtractOptions, type Prepared, type ExtractResult, type Provenance } from './extract.js';
import { flatVoxelData, type Mask, type Volume } from './image/volume.js';
import { morphologyNeedsSpatial, morphologyOutput, morphologyShape, morphologySpatial, type MorphologyParams } from './features/morphology/index.js';
import type { MorphologyStats } from './features/morphology/stats.js';
import type { SpatialSums } from './features/morphology/spatial.js';
import type { FamilyInput, FamilyOutput, FeatureValue, Warning } from './features/types.js';

/** A family input without the whole image: what every family but local intensity reads. */
export type TaskInput = Omit<FamilyInput, 'image'>;

/**
 * Work for another thread, as plain data (structured-cloneable): families of one input and, if
 * `spatial`, morphology's pair sums. 'morph' in `families` means its statistics without the pair sums.
 */
export interface FamilyTask {
  readonly config: ExtractConfig;
  readonly input: TaskInput;
  readonly families: readonly FamilyName[];
  readonly spatial: boolean;
}

/** An error as data, to cross threads (errors.ts). */
export type TaskError = ErrorData;

export type Settled<T> = { readonly value: T; readonly error?: undefined } | { readonly error: TaskError };

type MorphShape = Omit<MorphologyStats, 'spatial'>;
/** What a unit of work gives: a family's output, morphology's statistics without the pair sums, or the sums. */
type UnitValue = FamilyOutput | MorphShape | SpatialSums;

/** runFamilyTask's answer: one outcome per family of the task (in its order), and the pair sums. */
export interface FamilyTaskResult {
  readonly families: readonly Settled<UnitValue>[];
  readonly spatial: Settled<UnitValue> | null;
}

/** Runs a task on another thread and resolves with runFamilyTask's answer there (rejects if the thread dies). */
export type TaskRunner = (task: FamilyTask) => Promise<FamilyTaskResult>;

/** What a worker thread computes for a task. Errors come back as data, never thrown. */
export function runFamilyTask(task: FamilyTask): FamilyTaskResult {
  const input = task.input as FamilyInput;
  return {
    families: task.families.map((name) => asData(settle(() => runUnit(name, input, task.config)))),
    spatial: task.spatial ? asData(settle(() => runUnit('spatial', input, task.config))) : null,
  };
}

/** extract()'s options (but `onStage`, which is not called: the stages overlap) and the other threads. */
export interface ParallelOptions extends ExtractOptions {
  /** The other threads; none runs everything on the calling thread (as extract() does). */
  readonly runners: readonly TaskRunner[];
}

/**
 * extract() with part of the work on `runners`: the same result, bit for bit. Bad input is found on
 * the calling thread, before any task is posted, and gives the same typed errors as extract(); a
 * failing family gives the error extract() would (the first in output order).
 */
export async function extractParallel(image: Volume, mask: Mask, config: ConfigInput = {}, options: ParallelOptions): Promise<ExtractResult> {
  const prepared = prepareExtraction(image, mask, config, options);
  const features: FeatureValue[] = [];
  const warnings: Warning[] = [...prepared.roi.warnings];
  let provenance: Local<Provenance> | null = null;
  for (const [t, imageType] of prepared.config.imageTypes.entries()) {
    const { input, label, families } = imageTypeInput(prepared, imageType);
    // The provenance (whole-image passes) is the calling thread's while the first tasks run.
    const mainLoad = t === 0 ? provenanceCost(prepared, options.sha256 !== undefined) : 0;
    const plan = schedule(input, families, morphologyNeedsSpatial(selectedFeatures('morph', prepared.config)), options.runners.length, mainLoad);
    const pending = plan.tasks.map((units, w) => (units.length === 0 ? null : post(options.runners[w], prepared.config, input, units)));
    if (t === 0) provenance = settle(() => provenanceOf(prepared, options));
    const local = new Map<Unit, Local<UnitValue>>();
    for (const unit of plan.main) local.set(unit, settle(() => runUnit(unit, input, prepared.config)));
    const remote = await Promise.all(pending);
    for (const [w, units] of plan.tasks.entries()) {
      const answer = remote[w];
      if (answer === null) continue;
      units.filter((u) => u !== 'spatial').forEach((unit, i) => local.set(unit, answer.families[i]));
      if (answer.spatial !== null) local.set('spatial', answer.spatial);
    }
    for (const name of families) {
      // No pair sums were scheduled when no selected feature reads them: morphologySpatial then gives its empty sums at once.
      const out = name === 'morph' ? morphologyOf(local.get('morph')!, local.get('spatial') ?? settle(() => runUnit('spatial', input, prepared.config)), prepared.config) : (unwrap(local.get(name)!) as FamilyOutput);
      appendFamily(features, warnings, name, label, out);
    }
  }
  return { features, warnings, provenance: unwrap(provenance!) };
}

/** A unit of work: a family ('morph' without its pair sums), or morphology's pair sums. */
type Unit = FamilyName | 'spatial';

/**
 * Rough cost of each unit: a fixed part (ms) and a part per ROI voxel (ns; Moran / Geary: per voxel of
 * the ROI's box, whose padded FFT grid is 8x larger), fitted to single-threaded timings of the bench's
 * 30k- and 300k-voxel cases (docs/performance.md). Only the split of the work depends on them, never
 * a value.
 */
const COST: Readonly<Record<Unit, readonly [fixedMs: number, perVoxelNs: number]>> = {
  morph: [15, 400],
  spatial: [0, 550],
  li: [0, 220],
  stat: [0, 58],
  ih: [0, 15],
  ivh: [0, 12],
  glcm: [1, 64],
  glrlm: [0.5, 155],
  glszm: [0.5, 81],
  gldzm: [1, 90],
  ngtdm: [0.5, 84],
  ngldm: [0.5, 110],
};
/** Posting a task: cloning its input (~15 bytes per box voxel) and the thread hop. */
const POST_NS_PER_BOX_VOXEL = 15;
const POST_FIXED_NS = 1e6;
const NATIVE_SHA256_NS_PER_BYTE = 0.8;
const PORTABLE_SHA256_NS_PER_BYTE = 8;
/** Image mean / min / max, per voxel. */
const DIAGNOSTICS_NS_PER_VOXEL = 2.3;

/** provenanceOf's rough cost: hashing image and mask, and the image diagnostics (of the interpolated image too). */
function provenanceCost(p: Prepared, nativeHash: boolean): number {
  const bytes = flatVoxelData(p.image).byteLength + flatVoxelData(p.mask.volume).byteLength;
  const voxels = flatVoxelData(p.image).length + (p.interpolated ? flatVoxelData(p.work).length : 0);
  return bytes * (nativeHash ? NATIVE_SHA256_NS_PER_BYTE : PORTABLE_SHA256_NS_PER_BYTE) + voxels * DIAGNOSTICS_NS_PER_VOXEL;
}

/**
 * Longest-processing-time split of the units over the calling thread (which alone can run local
 * intensity: it reads the whole image) and `workers` others: each unit, largest first, goes to the
 * least-loaded thread. `mainLoad` is work the calling thread has anyway; `spatial`: whether morphology's pair sums are needed (a feature selection may leave them out).
 */
function schedule(input: FamilyInput, families: readonly FamilyName[], spatial: boolean, workers: number, mainLoad: number): { main: Unit[]; tasks: Unit[][] } {
  const roiVoxels = input.roiValues.length;
  const boxVoxels = input.boxShape[0] * input.boxShape[1] * input.boxShape[2];
  const units: Unit[] = families.flatMap((name): Unit[] => (name === 'morph' ? (spatial ? ['morph', 'spatial'] : ['morph']) : [name]));
  const cost = (u: Unit) => COST[u][0] * 1e6 + COST[u][1] * (u === 'spatial' ? boxVoxels : roiVoxels);
  const loads = [mainLoad, ...Array.from({ length: workers }, () => 0)];
  const assigned: Unit[][] = loads.map(() => []);
  const postCost = POST_FIXED_NS + POST_NS_PER_BOX_VOXEL * boxVoxels;
  for (const u of [...units].sort((a, b) => cost(b) - cost(a) || units.indexOf(a) - units.indexOf(b))) {
    let best = 0;
    let bestLoad = loads[0] + cost(u);
    for (let w = 1; u !== 'li' && w < loads.length; w++) {
      const load = loads[w] + cost(u) + (assigned[w].length === 0 ? postCost : 0);
      if (load < bestLoad) {
        best = w;
        bestLoad = load;
      }
    }
    loads[best] = bestLoad;
    assigned[best].push(u);
  }
  // Each thread runs its units in output order.
  const inOrder = (list: Unit[]) => units.filter((u) => list.includes(u));
  return { main: inOrder(assigned[0]), tasks: assigned.slice(1).map(inOrder) };
}

async function post(runner: TaskRunner, config: ExtractConfig, input: FamilyInput, units: readonly Unit[]): Promise<FamilyTaskResult> {
  const { image: _wholeImage, ...taskInput } = input;
  const task: FamilyTask = { config, input: taskInput, families: units.filter((u): u is FamilyName => u !== 'spatial'), spatial: units.includes('spatial') };
  try {
    return await runner(task);
  } catch (cause) {
    throw new RadiomicsError('InternalError', `a worker thread failed: ${(cause as Error)?.message ?? String(cause)}`, {}, { cause });
  }
}

function runUnit(unit: Unit, input: FamilyInput, config: ExtractConfig): UnitValue {
  if (unit === 'spatial') return morphologySpatial(input, morphParams(config));
  if (unit === 'morph') return morphologyShape(input, morphParams(config));
  // Local intensity reads the whole image, which tasks do not carry.
  if (unit === 'li' && input.image === undefined) throw new RadiomicsError('InvalidArgument', 'a family task cannot run local intensity (li): it needs the whole image');
  return computeFamily(unit, input, config);
}

/** Morphology from its two parts; a failure of the shape part comes first, as in extract(). */
function morphologyOf(shape: Local<UnitValue>, spatial: Local<UnitValue>, config: ExtractConfig): FamilyOutput {
  const s = unwrap(shape) as MorphShape;
  return morphologyOutput(s, unwrap(spatial) as SpatialSums, morphParams(config));
}

function morphParams(config: ExtractConfig): Partial<MorphologyParams> {
  return familyParams('morph', config) as Partial<MorphologyParams>;
}

/** A value or the error thrown making it; on this thread the error object itself is kept (`thrown`). */
type Local<T> = Settled<T> & { readonly thrown?: unknown };

function settle<T>(f: () => T): Local<T> {
  try {
    return { value: f() };
  } catch (e) {
    return { error: errorToData(e), thrown: e };
  }
}

/** Drops the error object, which would not cross a thread as a RadiomicsError. */
function asData<T>(s: Local<T>): Settled<T> {
  return s.error === undefined ? s : { error: s.error };
}

/** The value, or the error: thrown again as it was on this thread, rebuilt as a RadiomicsError from another. */
function unwrap<T>(s: Local<T>): T {
  if (s.error === undefined) return s.value;
  if ('thrown' in s) throw s.thrown;
  throw errorFromData(s.error);
}
