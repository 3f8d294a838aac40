/**
 * assessRobustness against assessRobustnessOn with runners that answer on this thread after cloning
 * the copy as postMessage would (the CLI's worker threads: test/cli/robustness.test.ts): the same
 * copies in any order of completion give the same result, and a failing copy gives the error the
 * sequential run gives.
 */
import { describe, expect, test } from 'vitest';
import { assessRobustness, assessRobustnessOn, createVolume, isRadiomicsError, runRobustnessCopy, type CopyRunner, type RobustnessCase, type RobustnessOptions, type Vec3 } from '../../src/index.js';

/** A 32 x 28 x 16 textured image with a box ROI, its texture varied by `seed`. */
function syntheticCase(id: string, seed: number): RobustnessCase {
  const shape: Vec3 = [32, 28, 16];
  const spacing: Vec3 = [1, 1, 2];
  const n = shape[0] * shape[1] * shape[2];
  const data = new Float32Array(n);
  const mask = new Uint8Array(n);
  let s = seed;
  for (let z = 0, i = 0; z < shape[2]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0; x < shape[0]; x++, i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        data[i] = 100 + 40 * Math.sin((x + seed) / 3) + 20 * Math.cos(y / 4) + 10 * (s / 2 ** 32);
        mask[i] = x >= 9 && x < 23 && y >= 8 && y < 20 && z >= 4 && z < 12 ? 1 : 0;
      }
  return { id, image: createVolume({ data, shape, spacing }), mask: { volume: createVolume({ data: mask, shape, spacing }), label: 1 } };
}

const CASES = [syntheticCase('a', 1), syntheticCase('b', 7)];
const OPTIONS: RobustnessOptions = { perturbations: ['N', 'R', 'T', 'V'], repeats: 3, seed: 4, config: { families: ['stat', 'glcm'], discretisation: { method: 'fixedBinNumber', bins: 8 }, glcm: { aggregations: ['3D_merged'] } } };

/** Answers on this thread, after `delay` ms (so runners finish out of order). */
const localRunner =
  (delay: number, fail?: (subject: string, repeat: number) => boolean): CopyRunner =>
  async (copy) => {
    await new Promise((r) => setTimeout(r, delay));
    if (fail?.(copy.subject, copy.repeat)) throw new Error(`copy ${copy.subject}/${copy.repeat} failed`);
    return structuredClone(runRobustnessCopy(structuredClone(copy)));
  };

describe('assessRobustnessOn', () => {
  const expected = JSON.stringify(assessRobustness(CASES, OPTIONS));

  test.each([1, 2, 3])('%i runners finishing out of order: the same result as assessRobustness, bit for bit', async (n) => {
    const progress: number[] = [];
    const result = await assessRobustnessOn(Array.from({ length: n }, (_, k) => localRunner(3 * ((k * 7) % 5))), CASES, { ...OPTIONS, onProgress: (done) => progress.push(done) });
    expect(JSON.stringify(result)).toBe(expected);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('failing copies: no new copy starts, and the error of the first failing copy in case / repeat order is thrown', async () => {
    const started: string[] = [];
    const fail = (subject: string, repeat: number) => (subject === 'a' && repeat === 2) || subject === 'b';
    const runners = [0, 1].map((k): CopyRunner => (copy) => (started.push(`${copy.subject}${copy.repeat}`), localRunner(k === 0 ? 20 : 1, fail)(copy)));
    const error = await assessRobustnessOn(runners, CASES, OPTIONS).catch((e: unknown) => e);
    expect((error as Error).message).toBe('copy a/2 failed');
    expect(started.length).toBeLessThan(6);
  });

  test('bad options are refused before any copy is made, as by assessRobustness', async () => {
    const started: string[] = [];
    const runner: CopyRunner = (copy) => (started.push(copy.subject), localRunner(0)(copy));
    const error = await assessRobustnessOn([runner], CASES, { ...OPTIONS, threshold: 2 }).catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'InvalidArgument')).toBe(true);
    expect(started).toEqual([]);
    await expect(assessRobustnessOn([], CASES, OPTIONS)).rejects.toThrow(/at least one runner/);
  });
});
