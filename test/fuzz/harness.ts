/**
 * Runs fuzz cases and classifies each outcome (issue 19):
 *   typed    - a RadiomicsError whose code is documented (ERROR_CODES) and not InternalError; a
 *              CorruptFile names the file it was given.
 *   success  - the reader returned, and its result passes the row's plausibility check (a volume with
 *              a usable geometry and as many voxels as its shape, a mask of 0/1 on the reference grid, ...).
 *   failure  - anything else: an exception that is not a RadiomicsError (TypeError, RangeError, a
 *              string), InternalError, an implausible result, a case over its time limit, or one that
 *              allocated more than its budget. A case that never returns is stopped by the worker-thread
 *              guard that runs the cases (test/fuzz/isolated.ts) and reported there.
 *
 * Allocation: before each case the harness reads process.memoryUsage() (collecting garbage first, via
 * global.gc exposed through v8 flags, when the heap or the buffers pass 256 MiB); after it (result still
 * held) it reads again. The growth of
 * `arrayBuffers` (typed arrays: voxel buffers, inflated bytes) and of `heapUsed` (JS objects: element
 * maps, arrays of numbers) is the case's allocation. A short synchronous case rarely triggers a
 * collection, so growth is close to what the case allocated; a buffer allocated and dropped during a
 * case that then fails still counts, unless a collection ran meanwhile (then the limit is checked only
 * by its time). Budget: FAILURE_FACTOR x the case's basis bytes (the file, or the inflated size of a
 * compressed fixture) + a fixed slack, for failures; SUCCESS_FACTOR x for successes (the volume itself,
 * as float32 from 8-bit data, is a legitimate multiple).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ERROR_CODES, isRadiomicsError } from '../../src/errors.js';
import { mulberry32 } from '../../src/util/random.js';
import type { FuzzRow } from './catalogue.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

/** Seeds per (fixture, mutator) pair in the subset `npm test` runs (~7,000 cases); scripts/fuzz.ts runs 50 times as many (~360,000, ~8 min at load 6). */
export const SUBSET_PER_PAIR = 20;
/** "No case past a few seconds", on a loaded 2-core machine. */
export const CASE_TIME_LIMIT_MS = 5000;

/** Allocation budget: factor x basis bytes + slack. */
export const FAILURE_FACTOR = 8;
export const SUCCESS_FACTOR = 64;
export const SLACK_BYTES = 2 ** 20;
export const HEAP_SLACK_BYTES = 32 * 2 ** 20;

export type Outcome = 'typed' | 'success' | 'failure';

export interface CaseResult {
  readonly row: string;
  readonly fixture: string;
  readonly mutator: string;
  readonly seed: number;
  readonly outcome: Outcome;
  /** Error code for typed outcomes; the reason for failures. */
  readonly detail: string;
  readonly ms: number;
  readonly arrayBytes: number;
  readonly heapBytes: number;
  readonly inputBytes: number;
}

export interface CaseId {
  readonly fixture: number;
  readonly mutator: number;
  readonly seed: number;
}

/** Runs one case of a row: fixture `id.fixture`, mutator `id.mutator`, seeded with `id.seed`. */
export async function runCase(row: FuzzRow, id: CaseId, timeLimitMs: number): Promise<CaseResult> {
  const fixture = row.fixtures[id.fixture % row.fixtures.length];
  const mutator = row.mutators[id.mutator % row.mutators.length];
  const rng = mulberry32(id.seed);
  const original = fixture.bytes();
  const mutated = mutator.apply(original, rng);
  const basis = Math.max(mutated.length, fixture.basisBytes ?? original.length);
  const base = { row: row.name, fixture: fixture.name, mutator: mutator.name, seed: id.seed, inputBytes: mutated.length };
  // A collection costs ~20 ms: run one only when the heap or the buffers have grown (every case would
  // make the subset minutes long). Deltas below are still per case.
  const idle = process.memoryUsage();
  if (idle.heapUsed > 256 * 2 ** 20 || idle.arrayBuffers > 256 * 2 ** 20) gc?.();
  const before = process.memoryUsage();
  const start = performance.now();
  let outcome: Outcome;
  let detail: string;
  let result: unknown;
  try {
    // Awaited: the compressed DICOM rows read through the codecs, which are asynchronous.
    result = await row.read(mutated, fixture.name);
    const problem = row.plausible(result);
    outcome = problem === null ? 'success' : 'failure';
    detail = problem === null ? 'ok' : `implausible result: ${problem}`;
  } catch (e) {
    [outcome, detail] = classifyError(e, fixture.name);
  }
  const ms = performance.now() - start;
  const after = process.memoryUsage();
  result = undefined;
  const arrayBytes = after.arrayBuffers - before.arrayBuffers;
  const heapBytes = after.heapUsed - before.heapUsed;
  const factor = outcome === 'success' ? SUCCESS_FACTOR : FAILURE_FACTOR;
  if (outcome !== 'failure') {
    if (ms > timeLimitMs) [outcome, detail] = ['failure', `took ${ms.toFixed(0)} ms (limit ${timeLimitMs} ms); ${detail}`];
    else if (arrayBytes > factor * basis + SLACK_BYTES) [outcome, detail] = ['failure', `allocated ${arrayBytes} array bytes for a ${basis}-byte input (limit ${factor}x + ${SLACK_BYTES}); ${detail}`];
    else if (heapBytes > factor * basis * 4 + HEAP_SLACK_BYTES) [outcome, detail] = ['failure', `grew the heap by ${heapBytes} bytes for a ${basis}-byte input; ${detail}`];
  }
  return { ...base, outcome, detail, ms, arrayBytes, heapBytes };
}

/** typed, or failure with the reason. */
export function classifyError(e: unknown, file: string): [Outcome, string] {
  if (!isRadiomicsError(e)) {
    const what = e instanceof Error ? `${e.constructor.name}: ${e.message.split('\n')[0]}` : `${typeof e} thrown: ${String(e).slice(0, 200)}`;
    return ['failure', `not a RadiomicsError: ${what}`];
  }
  if (!(e.code in ERROR_CODES) || e.code === 'InternalError') return ['failure', `${e.code}: ${e.message}`];
  if (e.code === 'CorruptFile' && !e.message.includes(file)) return ['failure', `CorruptFile does not name the file ${file}: ${e.message}`];
  return ['typed', e.code];
}

/** Every case id of a row for seeds [0, perPair): fixtures x mutators x seeds, in a fixed order. */
export function caseIds(row: FuzzRow, perPair: number, firstSeed = 0): CaseId[] {
  const out: CaseId[] = [];
  for (let f = 0; f < row.fixtures.length; f++) {
    for (let m = 0; m < row.mutators.length; m++) {
      for (let s = 0; s < perPair; s++) out.push({ fixture: f, mutator: m, seed: seedOf(row.name, f, m, firstSeed + s) });
    }
  }
  return out;
}

/** A 32-bit seed from the row name and the case's place: stable when rows are added or reordered. */
export function seedOf(row: string, fixture: number, mutator: number, n: number): number {
  let h = 0x811c9dc5;
  for (const c of `${row}/${fixture}/${mutator}/${n}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** One line per failure, for messages. */
export function describeFailures(results: readonly CaseResult[]): string {
  return results
    .filter((r) => r.outcome === 'failure')
    .map((r) => `${r.row} | ${r.fixture} | ${r.mutator} | seed ${r.seed}: ${r.detail}`)
    .join('\n');
}

/** The case of a row given by fixture and mutator names (as regressions record them). */
export function namedCase(row: FuzzRow, fixture: string, mutator: string, seed: number): CaseId {
  const f = row.fixtures.findIndex((x) => x.name === fixture);
  const m = row.mutators.findIndex((x) => x.name === mutator);
  if (f === -1 || m === -1) throw new Error(`no fixture "${fixture}" or mutator "${mutator}" in row ${row.name}`);
  return { fixture: f, mutator: m, seed };
}
