/**
 * Entry of an extraction worker thread (built to dist/extract-worker.js, started by createExtractor in
 * node/threads.ts): answers each { id, task } message with { id, result }: runFamilyTask(task) for an
 * extraction's families, runMapSlab(task) for a slab of feature-map kernels (an error as data).
 */
import { parentPort } from 'node:worker_threads';
import { errorToData } from '../errors.js';
import { runFamilyTask, type FamilyTask } from '../extractParallel.js';
import { runMapSlab, type MapSlabTask } from '../maps/extractMaps.js';

parentPort?.on('message', (msg: { id: number; task: FamilyTask | MapSlabTask }) => {
  const task = msg.task;
  if (!('kind' in task) || task.kind !== 'mapSlab') {
    parentPort?.postMessage({ id: msg.id, result: runFamilyTask(task as FamilyTask) });
    return;
  }
  try {
    const result = runMapSlab(task);
    parentPort?.postMessage({ id: msg.id, result }, [...result.values.map((v) => v.buffer as ArrayBuffer), result.undefinedKernels.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: msg.id, error: errorToData(error) });
  }
});
