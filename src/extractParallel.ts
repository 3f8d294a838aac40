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
import { combineSpatialParts, morphologyNeedsSpatial, morphologyOutput, morphologyShape, morphologySpatialPart, type MorphologyParams } from './features/morphology/index.js';
import type { MorphologyStats } from './features/morphology/stats.js';
import type { SpatialPart } from './features/morphology/spatial.js';
// '#digest': the SHA-256 provenanceOf uses by default (node:crypto in Node, portable elsewhere), and its cost.
import { SHA256_NS_PER_BYTE } from '#digest';
import type { FamilyInput, FamilyOutput, FeatureValue, Warning } from './features/types.js';

/** A family input without the whole image: what every family but local intensity reads. */
export type TaskInput = Omit<FamilyInput, 'image'>;

/**
 * Work for another thread, as plain data (structured-cloneable): families of one input and, if
 * `spatial`, morphology's pair sums, all of them or only `spatialPart` = [part, parts] of them
 * (morphologySpatialPart). 'morph' in `families` means its statistics without the pair sums.
 */
export interface FamilyTask {
  readonly config: ExtractConfig;
  readonly input: TaskInput;
  readonly families: readonly FamilyName[];
  readonly spatial: boolean;
  readonly spatialPart?: readonly [part: number, parts: number];
}

/** An error as data, to cross threads (errors.ts). */
export type TaskError = ErrorData;

export type Settled<T> = { readonly value: T; readonly error?: undefined } | { readonly error: TaskError };

type MorphShape = Omit<MorphologyStats, 'spatial'>;
/** What a unit of work gives: a family's output, morphology's statistics without the pair sums, or (a part of) the sums. */
type UnitValue = FamilyOutput | MorphShape | SpatialPart;

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
    families: task.families.map((name) => asData(settle(() => runUnit(name, input, task.config, 1)))),
    spatial: task.spatial ? asData(settle(() => spatialPart(input, task.config, task.spatialPart ?? [0, 1]))) : null,
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
    const pending = plan.tasks.map((units, w) => (units.length === 0 ? null : post(options.runners[w], prepared.config, input, units, plan.spatialParts)));
    if (t === 0) provenance = settle(() => provenanceOf(prepared, options));
    const local = new Map<Unit, Local<UnitValue>>();
    for (const unit of plan.main) local.set(unit, settle(() => runUnit(unit, input, prepared.config, plan.spatialParts)));
    const remote = await Promise.all(pending);
    for (const [w, units] of plan.tasks.entries()) {
      const answer = remote[w];
      if (answer === null) continue;
      units.filter((u) => !isSpatial(u)).forEach((unit, i) => local.set(unit, answer.families[i]));
      const part = units.find(isSpatial);
      if (part !== undefined && answer.spatial !== null) local.set(part, answer.spatial);
    }
    for (const name of families) {
      const out = name === 'morph' ? morphologyOf(local.get('morph')!, pairSumParts(local, plan.spatialParts, input, prepared.config), prepared.config) : (unwrap(local.get(name)!) as FamilyOutput);
      appendFamily(features, warnings, name, label, out);
    }
  }
  return { features, warnings, provenance: unwrap(provenance!) };
}

/**
 * Morphology's pair sums as units: one, or with other threads two parts (the FFT's two passes,
 * morphologySpatialPart), so that two threads can share the largest unit; each thread gets one part at most.
 */
const SPATIAL_UNITS = ['spatial0', 'spatial1'] as const;
type SpatialUnit = (typeof SPATIAL_UNITS)[number];
/** A unit of work: a family ('morph' without its pair sums), or a part of morphology's pair sums. */
type Unit = FamilyName | SpatialUnit;

function isSpatial(u: Unit): u is SpatialUnit {
  return (SPATIAL_UNITS as readonly string[]).includes(u);
}

/**
 * Cost of each of the two parts of the pair sums, as a share of the whole (each repeats the grid and the
 * kernel spectrum). Measured at 300k voxels (box 127 x 101 x 53, CPU time): pass 1 (m with z^2) 0.69,
 * pass 2 (z) 0.44.
 */
const SPATIAL_PART_SHARES = [0.69, 0.44] as const;

/**
 * Rough cost of each unit: a fixed part (ms) and a part per ROI voxel (ns; Moran / Geary: per voxel of
 * the ROI's box, whose padded FFT grid is 8x larger), fitted to single-threaded timings of the bench's
 * 30k- and 300k-voxel cases (docs/performance.md). Only the split of the work depends on them, never
 * a value.
 */
const COST: Readonly<Record<FamilyName | 'spatial', readonly [fixedMs: number, perVoxelNs: number]>> = {
  // Shape statistics without the pair sums. Was [15, 400], which made them ~1.5x cheaper next to the others
  // than measured (growth table, fastest single-threaded: morph 40.9 / 312.4 ms at 30k / 300k, of which the
  // pair sums ~22 / ~190; the other units' costs here run ~1.6x those figures, as does this one now).
  morph: [12, 600],
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
/** A caller's own `sha256` option: assumed native (node:crypto, Web Crypto-class speed). */
const GIVEN_SHA256_NS_PER_BYTE = 0.8;
/** Image mean / min / max, per voxel. */
const DIAGNOSTICS_NS_PER_VOXEL = 2.3;

/**
 * provenanceOf's rough cost: hashing image and mask, and the image diagnostics (of the interpolated image
 * too). The hash is the caller's `sha256` if given, else the platform's default ('#digest'): node:crypto in
 * Node. (Counting the default as the portable one, 10x slower, once left the calling thread ~300 ms of
 * phantom work at 300k, so that the worker got morphology whole and the calling thread sat idle.)
 */
function provenanceCost(p: Prepared, givenHash: boolean): number {
  const bytes = flatVoxelData(p.image).byteLength + flatVoxelData(p.mask.volume).byteLength;
  const voxels = flatVoxelData(p.image).length + (p.interpolated ? flatVoxelData(p.work).length : 0);
  return bytes * (givenHash ? GIVEN_SHA256_NS_PER_BYTE : SHA256_NS_PER_BYTE) + voxels * DIAGNOSTICS_NS_PER_VOXEL;
}

/**
 * Longest-processing-time split of the units over the calling thread (which alone can run local
 * intensity: it reads the whole image) and `workers` others: each unit, largest first, goes to the
 * least-loaded thread. `mainLoad` is work the calling thread has anyway; `spatial`: whether morphology's pair sums are needed (a feature selection may leave them out).
 * The pair sums go as one unit, or as two parts on two threads when that plan's busiest thread has less to do
 * (e.g. morphology alone, or a large ROI box with few families).
 */
function schedule(input: FamilyInput, families: readonly FamilyName[], spatial: boolean, workers: number, mainLoad: number): Plan {
  if (!spatial || !families.includes('morph')) return lptSchedule(input, families, 0, workers, mainLoad);
  const whole = lptSchedule(input, families, 1, workers, mainLoad);
  if (workers === 0) return whole;
  // Parts cost more work in all (SPATIAL_PART_SHARES): only when the plan ends sooner.
  const halves = lptSchedule(input, families, SPATIAL_UNITS.length, workers, mainLoad);
  return halves.makespan < whole.makespan ? halves : whole;
}

interface Plan {
  readonly main: Unit[];
  readonly tasks: Unit[][];
  /** Parts of morphology's pair sums (0: not scheduled). */
  readonly spatialParts: number;
  /** The estimated load of the busiest thread (ns). */
  readonly makespan: number;
}

/** The longest-processing-time split (see schedule) with the pair sums in `spatialParts` parts. */
function lptSchedule(input: FamilyInput, families: readonly FamilyName[], spatialParts: number, workers: number, mainLoad: number): Plan {
  const roiVoxels = input.roiValues.length;
  const boxVoxels = input.boxShape[0] * input.boxShape[1] * input.boxShape[2];
  const units: Unit[] = families.flatMap((name): Unit[] => (name === 'morph' ? ['morph', ...SPATIAL_UNITS.slice(0, spatialParts)] : [name]));
  const spatialShare = (u: SpatialUnit) => (spatialParts > 1 ? SPATIAL_PART_SHARES[SPATIAL_UNITS.indexOf(u)] : 1);
  const cost = (u: Unit) => (isSpatial(u) ? spatialShare(u) * COST.spatial[1] * boxVoxels : COST[u][0] * 1e6 + COST[u][1] * roiVoxels);
  const loads = [mainLoad, ...Array.from({ length: workers }, () => 0)];
  const assigned: Unit[][] = loads.map(() => []);
  const postCost = POST_FIXED_NS + POST_NS_PER_BOX_VOXEL * boxVoxels;
  for (const u of [...units].sort((a, b) => cost(b) - cost(a) || units.indexOf(a) - units.indexOf(b))) {
    let best = -1;
    let bestLoad = Infinity;
    for (let w = 0; w < loads.length; w++) {
      // Local intensity stays on the calling thread (it reads the whole image); a task carries one part of the pair sums at most.
      if ((w > 0 && u === 'li') || (isSpatial(u) && assigned[w].some(isSpatial))) continue;
      const load = loads[w] + cost(u) + (w > 0 && assigned[w].length === 0 ? postCost : 0);
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
  return { main: inOrder(assigned[0]), tasks: assigned.slice(1).map(inOrder), spatialParts, makespan: Math.max(...loads) };
}

async function post(runner: TaskRunner, config: ExtractConfig, input: FamilyInput, units: readonly Unit[], spatialParts: number): Promise<FamilyTaskResult> {
  const { image: _wholeImage, ...taskInput } = input;
  const part = units.find(isSpatial);
  const spatial = part === undefined ? {} : { spatialPart: [SPATIAL_UNITS.indexOf(part), spatialParts] as const };
  const task: FamilyTask = { config, input: taskInput, families: units.filter((u): u is FamilyName => !isSpatial(u)), spatial: part !== undefined, ...spatial };
  try {
    return await runner(task);
  } catch (cause) {
    throw new RadiomicsError('InternalError', `a worker thread failed: ${(cause as Error)?.message ?? String(cause)}`, {}, { cause });
  }
}

function runUnit(unit: Unit, input: FamilyInput, config: ExtractConfig, spatialParts: number): UnitValue {
  if (isSpatial(unit)) return spatialPart(input, config, [SPATIAL_UNITS.indexOf(unit), spatialParts]);
  if (unit === 'morph') return morphologyShape(input, morphParams(config));
  // Local intensity reads the whole image, which tasks do not carry.
  if (unit === 'li' && input.image === undefined) throw new RadiomicsError('InvalidArgument', 'a family task cannot run local intensity (li): it needs the whole image');
  return computeFamily(unit, input, config);
}

/**
 * The parts of morphology's pair sums, in order. None were scheduled when no selected feature reads them:
 * morphologySpatialPart then gives the empty sums at once.
 */
function pairSumParts(local: ReadonlyMap<Unit, Local<UnitValue>>, parts: number, input: FamilyInput, config: ExtractConfig): Local<UnitValue>[] {
  if (parts === 0) return [settle(() => spatialPart(input, config, [0, 1]))];
  return SPATIAL_UNITS.slice(0, parts).map((u) => local.get(u)!);
}

/** Part `part` of `parts` of morphology's pair sums; [0, 1] is all of them (joined, morphologySpatial's). */
function spatialPart(input: FamilyInput, config: ExtractConfig, [part, parts]: readonly [number, number]): SpatialPart {
  return morphologySpatialPart(input, morphParams(config), part, parts);
}

/** Morphology from its shape statistics and the parts of its pair sums; a failure of the shape part comes first, as in extract(). */
function morphologyOf(shape: Local<UnitValue>, spatial: readonly Local<UnitValue>[], config: ExtractConfig): FamilyOutput {
  const s = unwrap(shape) as MorphShape;
  return morphologyOutput(s, combineSpatialParts(spatial.map((p) => unwrap(p) as SpatialPart)), morphParams(config));
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
