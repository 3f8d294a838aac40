/**
 * Entry of a batch worker thread (built to dist/batch-worker.js, run by WorkerRunner in pool.ts):
 * answers each { id, task } message, a manifest case, with { id, result } holding the case's CSV row
 * (see runCase). The config arrives once, in workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ConfigInput } from '../index.js';
import { RecentVolumes, runCase } from './batchCase.js';
import type { ManifestCase } from './manifest.js';

const { config, preset } = workerData as { config: ConfigInput; preset: string | undefined };
const recent = new RecentVolumes();
// Cases run one after another (a case decodes compressed DICOM asynchronously): the cache holds one case.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (msg: { id: number; task: ManifestCase }) => {
  queue = queue.then(async () => {
    parentPort?.postMessage({ id: msg.id, result: await runCase(msg.task, config, preset, recent) });
  });
});
