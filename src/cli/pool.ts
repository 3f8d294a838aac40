import { WorkerRunner, type ConfigInput } from '../node.js';
import type { CaseRow } from './batchCase.js';
import { csvLine } from './csv.js';
import type { ManifestCase } from './manifest.js';

/**
 * Runs cases on `jobs` worker threads (dist/batch-worker.js, on WorkerRunner), each taking its next case
 * from a ScanScheduler when it finishes one, and calls `onRow(index, row)` as cases finish (in completion
 * order; the caller orders the output). A worker that dies (e.g. out of memory) fails its case with
 * InternalError and is replaced. The workers share the process's V8 flags: `radiomics batch` runs in a
 * process started with BATCH_V8_FLAGS (relaunch.ts).
 */
export async function runPool(cases: readonly ManifestCase[], jobs: number, config: ConfigInput, preset: string | undefined, onRow: (index: number, row: CaseRow) => void): Promise<void> {
  const url = new URL('./batch-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(jobs, cases.length) }, () => new WorkerRunner<ManifestCase, CaseRow>(url, { config, preset }));
  const scheduler = new ScanScheduler(cases.map((c) => c.image));
  const drain = async (worker: WorkerRunner<ManifestCase, CaseRow>, w: number) => {
    for (let index = scheduler.next(w); index !== null; index = scheduler.next(w)) {
      let row: CaseRow;
      try {
        row = await worker.run(cases[index]);
      } catch (error) {
        row = failedRow(cases[index], `the worker thread failed: ${(error as Error).message.replace(/[\r\n]+/g, ' ')}`);
      }
      onRow(index, row);
    }
  };
  try {
    await Promise.all(workers.map(drain));
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

/**
 * Which case each worker runs next, so that a scan's consecutive rows (several ROIs: another mask or label
 * per row) go to one worker, which reads and hashes the scan once for them (RecentVolumes, batchCase.ts).
 * Runs are maximal ranges of consecutive cases with the same image. A free worker (1) goes on with its
 * own run, else (2) starts the first run nobody has started, else (3) takes the later half of the run with
 * the most cases left, so that a scan with many ROIs near the end still keeps every worker busy (one more
 * read of it). With one ROI per scan this is manifest order, one case at a time.
 */
export class ScanScheduler {
  /** [next, end) of each run: the runs of the manifest, then the halves split off them. */
  private readonly runs: [number, number][] = [];
  /** Runs of the manifest; those from firstUnstarted on have not been started. */
  private readonly manifestRuns: number;
  private firstUnstarted = 0;
  /** The run each worker is on (undefined before its first case). */
  private readonly current: (number | undefined)[] = [];

  constructor(images: readonly string[]) {
    for (let start = 0; start < images.length; ) {
      let end = start + 1;
      while (end < images.length && images[end] === images[start]) end++;
      this.runs.push([start, end]);
      start = end;
    }
    this.manifestRuns = this.runs.length;
  }

  /** The index of worker w's next case, or null when none is left. */
  next(w: number): number | null {
    let run = this.current[w];
    if (run === undefined || this.runs[run][0] === this.runs[run][1]) {
      if (this.firstUnstarted < this.manifestRuns) run = this.firstUnstarted++;
      else run = this.fromLongestRun();
      if (run === -1) return null;
      this.current[w] = run;
    }
    return this.runs[run][0]++;
  }

  /**
   * The run with the most cases left: its later half moved to a new run when it has 2 or more, itself
   * when it has 1 (shared with its worker); -1 when no case is left.
   */
  private fromLongestRun(): number {
    let best = -1;
    let most = 0;
    for (let r = 0; r < this.runs.length; r++) {
      const left = this.runs[r][1] - this.runs[r][0];
      if (left > most) {
        best = r;
        most = left;
      }
    }
    if (most < 2) return best;
    const [from, end] = this.runs[best];
    const middle = from + Math.ceil(most / 2);
    this.runs[best][1] = middle;
    this.runs.push([middle, end]);
    return this.runs.length - 1;
  }
}

/** The row of a case whose worker died, in the same columns runCase gives a failed case. */
function failedRow(c: ManifestCase, message: string): CaseRow {
  const header = ['id', ...Object.keys(c.extra), 'error_code', 'error_message'];
  return { header, line: csvLine([c.id, ...Object.values(c.extra), 'InternalError', message]), error: { code: 'InternalError', message } };
}
