/**
 * The fuzz worker thread (started by test/fuzz/isolated.ts): builds the catalogue once, then runs the
 * jobs it is sent, case by case with runCase (harness.ts), posting each result as it comes so the main
 * thread can stop a case that never answers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzRow } from './catalogue.js';
import { runCase } from './harness.js';
import type { WorkerJob, WorkerMessage, WorkerSetup } from './isolated.js';

const port = parentPort;
if (port === null) throw new Error('test/fuzz/worker.ts runs as a worker thread');
const post = (m: WorkerMessage) => port.postMessage(m);

const { catalogue } = (await import((workerData as WorkerSetup).catalogueUrl)) as { catalogue: () => FuzzRow[] };
let rows = new Map(catalogue().map((r) => [r.name, r]));
const warmed = new Set<FuzzRow>();
let last: FuzzRow | null = null;

port.on('message', (job: WorkerJob) => {
  void (async () => {
    try {
      // Leaving a row that loaded codecs: a fresh catalogue (~0.1 s), so that row's codec modules (tens
      // of MB of heap each) can be collected. Kept, a dozen of them pass runCase's 256 MiB threshold and
      // every case then pays a full collection (the last codec rows ran 5-10 times slower).
      if (last !== null && last.name !== job.row && last.warmUp !== undefined) {
        rows = new Map(catalogue().map((r) => [r.name, r]));
        warmed.clear();
      }
      const row = rows.get(job.row);
      if (row === undefined) throw new Error(`no row named ${job.row}`);
      last = row;
      if (!warmed.has(row)) {
        await row.warmUp?.();
        warmed.add(row);
      }
      post({ type: 'warm' });
      for (let index = 0; index < job.ids.length; index++) {
        post({ type: 'result', index, result: await runCase(row, job.ids[index], job.timeLimitMs) });
      }
      post({ type: 'done' });
    } catch (e) {
      post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
post({ type: 'ready' });
