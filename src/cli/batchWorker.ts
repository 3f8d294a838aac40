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
parentPort?.on('message', (msg: { id: number; task: ManifestCase }) => {
  parentPort?.postMessage({ id: msg.id, result: runCase(msg.task, config, preset, recent) });
});
