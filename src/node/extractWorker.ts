/**
 * Entry of an extraction worker thread (built to dist/extract-worker.js, started by createExtractor in
 * node/threads.ts): answers each { id, task } message with { id, result: runFamilyTask(task) }.
 */
import { parentPort } from 'node:worker_threads';
import { runFamilyTask, type FamilyTask } from '../extractParallel.js';

parentPort?.on('message', (msg: { id: number; task: FamilyTask }) => {
  parentPort?.postMessage({ id: msg.id, result: runFamilyTask(msg.task) });
});
