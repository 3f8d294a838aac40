/**
 * Entry of a batch worker thread (built to dist/batch-worker.js): receives { index, case } messages,
 * answers { index, row } with the case's CSV row (see runCase). The config arrives once, in workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ConfigInput } from '../index.js';
import { runCase } from './batchCase.js';
import type { ManifestCase } from './manifest.js';

const { config, preset } = workerData as { config: ConfigInput; preset: string | undefined };
parentPort?.on('message', (msg: { index: number; case: ManifestCase }) => {
  parentPort?.postMessage({ index: msg.index, row: runCase(msg.case, config, preset) });
});
