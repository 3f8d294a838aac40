/**
 * Node's worker threads: createExtractor keeps threads (dist/extract-worker.js) that take part of each
 * extraction's families (extractParallel), on WorkerRunner, a worker thread that answers tasks (also
 * used by `radiomics batch` and `radiomics robustness --jobs`). Node-only; exported by radiomics/node.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RadiomicsError, errorFromData, type ErrorData } from '../errors.js';
import type { ConfigInput } from '../config.js';
import { extract, type ExtractOptions, type ExtractResult } from '../extract.js';
import { extractParallel, type FamilyTask, type FamilyTaskResult, type TaskRunner } from '../extractParallel.js';
import type { Mask, Volume } from '../image/volume.js';
import { extractMaps, extractMapsParallel, type MapSlabResult, type MapSlabTask, type MapsOptions, type MapsResult } from '../maps/extractMaps.js';

export interface ExtractorOptions {
  /**
   * Threads per extraction, the calling one included. Default: the number of cores
   * (os.availableParallelism()), at most DEFAULT_MAX_THREADS. 1 runs extract() on the calling thread.
   */
  readonly threads?: number;
  /** The worker script; default dist/extract-worker.js beside this module (set it when bundling the library yourself). */
  readonly workerUrl?: URL | string;
}

/**
 * Default cap on threads: one case splits into about a dozen units, the largest (Moran / Geary sums)
 * a third of the work at most, so threads beyond 4 would add memory (~40 MB each) and no speed.
 */
export const DEFAULT_MAX_THREADS = 4;

/** An extractor whose extractions run on several threads; close() ends its worker threads. */
export interface Extractor {
  readonly threads: number;
  /** extract() on the extractor's threads: the same result, bit for bit. */
  extract(image: Volume, mask: Mask, config?: ConfigInput, options?: ExtractOptions): Promise<ExtractResult>;
  /** extractMaps() with the ROI voxels split into slabs over the extractor's threads: the same maps, bit for bit. */
  extractMaps(image: Volume, mask: Mask, config: ConfigInput, options: MapsOptions): Promise<MapsResult>;
  close(): Promise<void>;
}

/**
 * Starts `threads - 1` worker threads for intra-case parallelism: while the calling thread runs local
 * intensity, the provenance hashes and its share of the families, the workers run the others
 * (morphology's Moran / Geary sums first). Each worker holds its own copy of the ROI box arrays (~15
 * bytes per box voxel) and ~40 MB of its own (V8 heap and the library). For many cases, `radiomics batch` (one case per thread)
 * uses the cores better; this is for one case at a time, e.g. an interactive tool.
 */
export function createExtractor(options: ExtractorOptions = {}): Extractor {
  const threads = options.threads ?? Math.min(availableParallelism(), DEFAULT_MAX_THREADS);
  if (!Number.isInteger(threads) || threads < 1) throw new RadiomicsError('InvalidArgument', `threads must be a whole number >= 1, got ${threads}`, { threads });
  const url = options.workerUrl ?? new URL('./extract-worker.js', import.meta.url);
  const workers = Array.from({ length: threads - 1 }, () => new WorkerRunner<FamilyTask | MapSlabTask, FamilyTaskResult | MapSlabResult>(url));
  const runners: TaskRunner[] = workers.map((w) => (task) => w.run(task) as Promise<FamilyTaskResult>);
  const slabRunners = workers.map((w) => (task: MapSlabTask) => w.run(task) as Promise<MapSlabResult>);
  let closed = false;
  return {
    threads,
    extract(image, mask, config = {}, extractOptions = {}) {
      if (closed) return Promise.reject(new RadiomicsError('InvalidArgument', 'this extractor is closed'));
      if (threads === 1) return new Promise((resolve) => resolve(extract(image, mask, config, extractOptions)));
      return extractParallel(image, mask, config, { ...extractOptions, runners });
    },
    extractMaps(image, mask, config, mapsOptions) {
      if (closed) return Promise.reject(new RadiomicsError('InvalidArgument', 'this extractor is closed'));
      if (threads === 1) return new Promise((resolve) => resolve(extractMaps(image, mask, config, mapsOptions)));
      return extractMapsParallel(image, mask, config, { ...mapsOptions, runners: slabRunners });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/**
 * One worker thread answering { id, task } messages with { id, result } or { id, error } (a
 * RadiomicsError as data: code, message, detail), started at once (it loads its script while the
 * caller reads files) and again after it dies. It keeps the process alive only while it has tasks.
 * Used by createExtractor and by the CLI's `batch` and `robustness --jobs`.
 */
export class WorkerRunner<Task, Result> {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();

  /** `workerData` reaches the worker script as worker_threads' workerData (e.g. settings shared by every task). */
  constructor(
    private readonly url: URL | string,
    private readonly workerData?: unknown,
  ) {
    this.start();
  }

  run(task: Task): Promise<Result> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.url, { execArgv: workerExecArgv(), workerData: this.workerData });
    worker.unref();
    worker.on('message', (msg: { id: number; result: Result; error?: undefined } | { id: number; error: ErrorData }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if (msg.error === undefined) p?.resolve(msg.result);
      else p?.reject(errorFromData(msg.error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the worker thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

/**
 * The worker's Node flags: the parent's, inherited (undefined), unless they hold --input-type, which a
 * worker started from a file rejects (a parent run as node --input-type=module -e): then the parent's
 * without it. (An explicit list may not hold V8 flags such as --single-threaded; inherited, they stay
 * in force, being process-wide.)
 */
function workerExecArgv(): string[] | undefined {
  const argv = process.execArgv;
  if (!argv.some((a) => a === '--input-type' || a.startsWith('--input-type='))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i].startsWith('--input-type=')) out.push(argv[i]);
  }
  return out;
}
