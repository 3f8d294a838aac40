import { Worker } from 'node:worker_threads';
import type { ConfigInput } from '../index.js';
import type { CaseRow } from './batchCase.js';
import { csvLine } from './csv.js';
import type { ManifestCase } from './manifest.js';

/**
 * Runs cases on `jobs` worker threads (dist/batch-worker.js), each taking the next case when it finishes
 * one, and calls `onRow(index, row)` as cases finish (in completion order; the caller orders the output).
 * A worker that dies (e.g. out of memory) fails its case with InternalError and is replaced. The workers
 * share the process's V8 flags: `radiomics batch` runs in a process started with BATCH_V8_FLAGS
 * (relaunch.ts).
 */
export function runPool(cases: readonly ManifestCase[], jobs: number, config: ConfigInput, preset: string | undefined, onRow: (index: number, row: CaseRow) => void): Promise<void> {
  const url = new URL('./batch-worker.js', import.meta.url);
  let next = 0;
  let finished = 0;
  return new Promise((resolve) => {
    if (cases.length === 0) return resolve();
    const finish = (index: number, row: CaseRow) => {
      onRow(index, row);
      if (++finished === cases.length) resolve();
    };
    const start = () => {
      const worker = new Worker(url, { workerData: { config, preset } });
      let current = -1;
      const feed = () => {
        if (next >= cases.length) {
          current = -1;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ index: current, case: cases[current] });
      };
      worker.on('message', (msg: { index: number; row: CaseRow }) => {
        finish(msg.index, msg.row);
        feed();
      });
      worker.on('error', (error) => {
        if (current === -1) return;
        const index = current;
        current = -1;
        finish(index, failedRow(cases[index], `the worker thread failed: ${error.message.replace(/[\r\n]+/g, ' ')}`));
        if (next < cases.length) start();
      });
      feed();
    };
    for (let j = 0; j < Math.min(jobs, cases.length); j++) start();
  });
}

/** The row of a case whose worker died, in the same columns runCase gives a failed case. */
function failedRow(c: ManifestCase, message: string): CaseRow {
  const header = ['id', ...Object.keys(c.extra), 'error_code', 'error_message'];
  return { header, line: csvLine([c.id, ...Object.values(c.extra), 'InternalError', message]), error: { code: 'InternalError', message } };
}
