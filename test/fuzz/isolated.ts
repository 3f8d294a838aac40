/**
 * The wall-clock guard of the fuzz suite: cases run in a worker thread (test/fuzz/worker.ts), and a case
 * that has not answered KILL_AFTER_FACTOR x its time limit after it started is stopped (the worker is
 * terminated, which interrupts JavaScript and WebAssembly alike), recorded as a failure, and the row
 * goes on in a new worker from the next case. A codec stuck for minutes on a hostile codestream then
 * costs one failure line and a few seconds, not the run.
 *
 * One worker serves many rows: it builds the catalogue once and warms each row's readers (codec modules)
 * on its first case, outside the cases' timers and budgets, as runCase in the main thread does.
 * Timing and allocation are measured inside the worker by runCase itself (harness.ts); the guard only adds
 * the cases that never answered.
 */
import { Worker } from 'node:worker_threads';
import { mulberry32 } from '../../src/util/random.js';
import type { FuzzRow } from './catalogue.js';
import type { CaseId, CaseResult } from './harness.js';

/** A case is stopped when it has run this many times its time limit. */
export const KILL_AFTER_FACTOR = 2;

/** Messages of the worker (test/fuzz/worker.ts). */
export type WorkerMessage = { type: 'ready' } | { type: 'warm' } | { type: 'result'; index: number; result: CaseResult } | { type: 'done' } | { type: 'error'; message: string };

/** What the worker is asked to run: cases `ids` of the row named `row`, from `ids[0]`. */
export interface WorkerJob {
  readonly row: string;
  readonly ids: readonly CaseId[];
  readonly timeLimitMs: number;
}

export interface IsolatedRunner {
  /** Runs `ids` of `row` in order; `onResult` sees each result as it comes. Killed cases are failures. */
  readonly runRow: (row: FuzzRow, ids: readonly CaseId[], timeLimitMs: number, onResult?: (r: CaseResult) => void) => Promise<CaseResult[]>;
  /** Ends the worker. */
  readonly close: () => Promise<void>;
}

// The worker is TypeScript: register tsx's loader in it first (an inherited --import does not reach
// a worker's entry module in Node 20), then import the entry.
const WORKER_URL = new URL('./worker.ts', import.meta.url).href;
const BOOT = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

/** What the worker receives as workerData: the module whose `catalogue()` gives the rows (the tests give their own). */
export interface WorkerSetup {
  readonly catalogueUrl: string;
}

/** A runner whose worker takes its rows from `catalogueUrl`'s `catalogue()` (by default test/fuzz/catalogue.ts). */
export function createIsolatedRunner(catalogueUrl = new URL('./catalogue.ts', import.meta.url).href): IsolatedRunner {
  const setup: WorkerSetup = { catalogueUrl };
  let worker: Worker | null = null;
  let listener: ((m: WorkerMessage) => void) | null = null;
  let failed: ((e: Error) => void) | null = null;

  const start = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const w = new Worker(BOOT, { eval: true, workerData: setup });
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') resolve(w);
        else listener?.(m);
      });
      w.on('error', (e) => (failed ?? reject)(e));
      w.on('exit', (code) => {
        if (worker === w) {
          worker = null;
          failed?.(new Error(`fuzz worker exited with code ${code}`));
        }
      });
    });

  async function runRow(row: FuzzRow, ids: readonly CaseId[], timeLimitMs: number, onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
    const results: CaseResult[] = [];
    let next = 0;
    while (next < ids.length) {
      worker ??= await start();
      const w = worker;
      const from = next;
      // One job per (worker life, row): ends with 'done', or with a kill and the next job from the case after.
      await new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            const id = ids[next];
            const fixture = row.fixtures[id.fixture % row.fixtures.length];
            const mutator = row.mutators[id.mutator % row.mutators.length];
            const killedAfter = KILL_AFTER_FACTOR * timeLimitMs;
            const r: CaseResult = {
              row: row.name,
              fixture: fixture.name,
              mutator: mutator.name,
              seed: id.seed,
              outcome: 'failure',
              detail: `did not finish within ${killedAfter} ms (limit ${timeLimitMs} ms); its worker was stopped`,
              ms: killedAfter,
              arrayBytes: 0,
              heapBytes: 0,
              inputBytes: mutator.apply(fixture.bytes(), mulberry32(id.seed)).length,
            };
            results.push(r);
            onResult?.(r);
            next++;
            listener = null;
            failed = null;
            worker = null;
            void w.terminate();
            resolve();
          }, KILL_AFTER_FACTOR * timeLimitMs);
        };
        listener = (m) => {
          if (m.type === 'warm') arm();
          else if (m.type === 'result') {
            results.push(m.result);
            onResult?.(m.result);
            next = from + m.index + 1;
            arm();
          } else if (m.type === 'done') {
            clearTimeout(timer);
            listener = null;
            resolve();
          } else if (m.type === 'error') {
            clearTimeout(timer);
            reject(new Error(`fuzz worker: ${m.message}`));
          }
        };
        failed = (e) => {
          clearTimeout(timer);
          reject(e);
        };
        const job: WorkerJob = { row: row.name, ids: ids.slice(from), timeLimitMs };
        w.postMessage(job);
      });
    }
    return results;
  }

  return {
    runRow,
    close: async () => {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
