import { constants } from 'node:os';

/**
 * V8 flags for the process that runs `radiomics batch`: JIT compilation and garbage collection stay on
 * each thread instead of V8's shared helper threads, so every worker thread (--jobs 1 too) does its
 * own. For this workload the helpers cost far more CPU than they save wall time. Measured on 2 cores,
 * 24 cases of 30k voxels:
 * - one worker: 10.4 s of CPU and 7.3 s wall by default, 6.1-6.7 s of both with the flag; the helpers'
 *   share was mostly garbage-collector tasks, which kept running after warm-up (~60 ms of CPU per case);
 * - --jobs 2: 17.7-21.0 s of CPU and 9.6-11.3 s wall by default, 11.6-13.2 s of CPU and 6.4-7.1 s wall
 *   with the flag (the two workers' helper threads competed with the workers for the same cores).
 * Values are unchanged: JavaScript arithmetic is IEEE double whatever the JIT tier (the jobs 1 vs 2
 * test checks it).
 */
export const BATCH_V8_FLAGS = ['--single-threaded'] as const;

/** Whether this process was started with every flag of `flags`. */
export function startedWith(flags: readonly string[]): boolean {
  return flags.every((f) => process.execArgv.includes(f));
}

/**
 * Runs this command line again in a child Node process started with the V8 `flags`, with the same
 * standard streams, and resolves with its exit code (128 + the signal number if a signal ended it).
 * V8 flags have to be given when the process starts: set at run time (v8.setFlagsFromString) they
 * crashed the main thread's garbage collector ("Check failed: concurrent_marking_handle_ ...", about one
 * batch of 96 cases in three). SIGTERM, SIGINT and SIGHUP sent to this process go on to the child, whose
 * own handlers save the finished cases; a second copy of a signal (a terminal's Ctrl-C reaches both
 * processes) is ignored by them.
 */
export async function relaunchWith(flags: readonly string[]): Promise<number> {
  // Imported here: node:child_process (with net, dgram and streams) is ~2 ms of start-up that no other command needs.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], { stdio: 'inherit' });
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
