import { WorkerRunner, type ConfigInput } from '../node.js';
import type { CaseRow } from './batchCase.js';
import { csvLine } from './csv.js';
import type { ManifestCase } from './manifest.js';

/**
 * Runs cases on `jobs` worker threads (dist/batch-worker.js, on WorkerRunner), each taking the next
 * chunk of cases (runsOfOneImage) when it finishes one, and calls `onRow(index, row)` as cases finish (in
 * completion order; the caller orders the output). A worker that dies (e.g. out of memory) fails its
 * case with InternalError and is replaced. The workers share the process's V8 flags: `radiomics batch`
 * runs in a process started with BATCH_V8_FLAGS (relaunch.ts).
 */
export async function runPool(cases: readonly ManifestCase[], jobs: number, config: ConfigInput, preset: string | undefined, onRow: (index: number, row: CaseRow) => void): Promise<void> {
  const url = new URL('./batch-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(jobs, cases.length) }, () => new WorkerRunner<ManifestCase, CaseRow>(url, { config, preset }));
  const chunks = runsOfOneImage(cases, workers.length);
  let next = 0;
  const drain = async (worker: WorkerRunner<ManifestCase, CaseRow>) => {
    while (next < chunks.length) {
      for (const index of chunks[next++]) {
        let row: CaseRow;
        try {
          row = await worker.run(cases[index]);
        } catch (error) {
          row = failedRow(cases[index], `the worker thread failed: ${(error as Error).message.replace(/[\r\n]+/g, ' ')}`);
        }
        onRow(index, row);
      }
    }
  };
  try {
    await Promise.all(workers.map(drain));
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

/**
 * Case indices in chunks for the workers: each run of consecutive cases with the same image (several
 * ROIs of one scan) split into at most `jobs` chunks of near-equal length, so that one worker reads and
 * hashes the image once per chunk (RecentVolumes, batchCase.ts) while a long run (one scan with many
 * labels) still keeps every worker busy.
 */
export function runsOfOneImage(cases: readonly ManifestCase[], jobs: number): number[][] {
  const chunks: number[][] = [];
  for (let start = 0; start < cases.length; ) {
    let end = start + 1;
    while (end < cases.length && cases[end].image === cases[start].image) end++;
    const size = Math.ceil((end - start) / Math.max(1, jobs));
    for (let i = start; i < end; i += size) chunks.push(Array.from({ length: Math.min(size, end - i) }, (_, k) => i + k));
    start = end;
  }
  return chunks;
}

/** The row of a case whose worker died, in the same columns runCase gives a failed case. */
function failedRow(c: ManifestCase, message: string): CaseRow {
  const header = ['id', ...Object.keys(c.extra), 'error_code', 'error_message'];
  return { header, line: csvLine([c.id, ...Object.values(c.extra), 'InternalError', message]), error: { code: 'InternalError', message } };
}
