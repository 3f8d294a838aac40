/**
 * extractMapsParallel's slabs and the kernel runner a thread keeps for a plan's slabs (MapSlabTask.plan):
 * with in-thread runners (runMapSlab, as a worker answers), interleaved plans and the plan's releasing
 * empty slab, the maps are extractMaps' own, bit for bit.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extractMaps, extractMapsParallel, runMapSlab, type MapSlabRunner, type MapSlabTask, type MapsResult } from '../../src/maps/extractMaps.js';
import { readMask, readVolume } from '../../src/node.js';
import { RadiomicsError } from '../../src/errors.js';

const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nrrd/', import.meta.url));
const image = readVolume(`${MRI}brain1_image.nrrd`);
const mask = readMask(`${MRI}brain1_label.nrrd`, 1);
// NGLDM and NGTDM make per-region tables in the runner; GLCM keeps working memory between kernels.
const config = { families: ['glcm', 'ngldm', 'ngtdm', 'stat'], discretisation: { method: 'fixedBinSize', width: 25 } } as const;

function bits(result: MapsResult): string[] {
  return result.maps.map((m) => `${m.id}:${Buffer.from(m.values.buffer, m.values.byteOffset, m.values.byteLength).toString('base64')}`);
}

/** A runner on this thread, recording the tasks it was given (structured-cloned, as a worker gets them). */
function recordingRunner(tasks: MapSlabTask[]): MapSlabRunner {
  return async (task) => {
    const copy = structuredClone(task);
    tasks.push(copy);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return runMapSlab(copy);
  };
}

describe('extractMapsParallel: a kernel runner per plan', () => {
  const serial = bits(extractMaps(image, mask, config, { kernelRadius: 1 }));

  test('slabs carry their plan; each runner gets an empty releasing slab last; the maps are extractMaps\' bit for bit', async () => {
    const tasks: MapSlabTask[] = [];
    const two = await extractMapsParallel(image, mask, config, { kernelRadius: 1, runners: [recordingRunner(tasks)] });
    expect(bits(two)).toEqual(serial);
    expect(tasks.length).toBeGreaterThan(2);
    expect(new Set(tasks.map((t) => t.plan)).size).toBe(1);
    const last = tasks[tasks.length - 1];
    expect(last.to - last.from).toBe(0);
    expect(tasks.slice(0, -1).every((t) => t.to > t.from)).toBe(true);
  });

  test('two plans interleaved on the same runners (the kept runner swapped back and forth) give each its own maps', async () => {
    const other = { ...config, families: ['glcm', 'ngtdm'] } as const;
    const otherSerial = bits(extractMaps(image, mask, other, { kernelRadius: 2 }));
    const tasks: MapSlabTask[] = [];
    const runners = [recordingRunner(tasks), recordingRunner(tasks)];
    const [a, b] = await Promise.all([extractMapsParallel(image, mask, config, { kernelRadius: 1, runners }), extractMapsParallel(image, mask, other, { kernelRadius: 2, runners })]);
    expect(bits(a)).toEqual(serial);
    expect(bits(b)).toEqual(otherSerial);
    expect(new Set(tasks.map((t) => t.plan)).size).toBe(2);
  });

  test('a slab without a plan (a task made elsewhere) still runs on a runner of its own', async () => {
    const tasks: MapSlabTask[] = [];
    await extractMapsParallel(image, mask, config, { kernelRadius: 1, runners: [recordingRunner(tasks)] });
    const slab = tasks.find((t) => t.to > t.from)!;
    const { plan: _plan, ...withoutPlan } = slab;
    const kept = runMapSlab(slab);
    const own = runMapSlab(withoutPlan);
    expect(own.values.map((v) => Array.from(new Uint8Array(v.buffer)))).toEqual(kept.values.map((v) => Array.from(new Uint8Array(v.buffer))));
    runMapSlab({ ...slab, from: slab.to, to: slab.to });
  });

  test('each other thread has two slabs in flight (it starts the next as soon as it answers one); its slabs never overlap, the later ones no larger (guided sizes)', async () => {
    const tasks: MapSlabTask[] = [];
    let inFlight = 0;
    let most = 0;
    const record = recordingRunner(tasks);
    const runner: MapSlabRunner = async (task) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await record(task);
      } finally {
        inFlight--;
      }
    };
    const two = await extractMapsParallel(image, mask, config, { kernelRadius: 1, runners: [runner] });
    expect(bits(two)).toEqual(serial);
    expect(most).toBe(2);
    // The maps being extractMaps' bit for bit, every kernel was computed (on one thread or the other).
    const slabs = tasks.filter((t) => t.to > t.from).map((t) => [t.from, t.to] as [number, number]);
    const total = two.voxels.length;
    const covered = new Uint8Array(total);
    for (const [from, to] of slabs) for (let k = from; k < to; k++) covered[k]++;
    expect(Math.max(...covered)).toBe(1);
    const sizes = slabs.sort((a, b) => a[0] - b[0]).map(([from, to]) => to - from);
    for (let i = 1; i < sizes.length - 1; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]);
  });

  test('a slab that fails on another thread rejects the call with its error; no slab is taken after it, and the thread still gets its releasing empty slab last', async () => {
    const tasks: MapSlabTask[] = [];
    const record = recordingRunner(tasks);
    let slabs = 0;
    const failing: MapSlabRunner = async (task) => {
      if (task.to > task.from && ++slabs === 2) {
        tasks.push(task);
        throw new RadiomicsError('InternalError', 'slab lost');
      }
      return record(task);
    };
    await expect(extractMapsParallel(image, mask, config, { kernelRadius: 1, runners: [failing] })).rejects.toMatchObject({ code: 'InternalError', message: 'slab lost' });
    const last = tasks[tasks.length - 1];
    expect(last.to - last.from).toBe(0);
    // The failed slab was the runner's second: its other stream may have one slab in flight, no more.
    expect(tasks.filter((t) => t.to > t.from).length).toBeLessThanOrEqual(3);
  });
});
