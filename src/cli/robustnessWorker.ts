/**
 * Entry of a robustness worker thread (built to dist/robustness-worker.js, started by `radiomics
 * robustness --jobs`): answers each { id, task } message, a perturbed copy to make and extract, with
 * { id, result: runRobustnessCopy(task) }, or { id, error } (code, message, detail) when it fails.
 */
import { parentPort } from 'node:worker_threads';
import { errorToData } from '../errors.js';
import { runRobustnessCopy, type RobustnessCopy } from '../index.js';

parentPort?.on('message', (msg: { id: number; task: RobustnessCopy }) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: runRobustnessCopy(msg.task) });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: errorToData(e) });
  }
});
