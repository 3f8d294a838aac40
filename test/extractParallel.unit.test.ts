/**
 * extractParallel with runners that answer on this thread (runFamilyTask on a structured clone of the
 * task, as a worker receives it): the split of the work, the clone and the re-assembly must give
 * extract()'s result bit for bit, and its errors. Real threads: test/threads.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVolume, extract, extractParallel, isRadiomicsError, runFamilyTask, resolveConfig, type ConfigInput, type FamilyTask, type Mask, type TaskRunner, type Vec3, type Volume } from '../src/index.js';
import { readMask, readVolume } from '../src/node.js';
import { phantomImage, phantomMaskVolume } from './helpers/digital-phantom.js';

const MRI = fileURLToPath(new URL('../fixtures/mri-samples/nrrd/', import.meta.url));

/** A runner that answers on this thread, after cloning the task as postMessage would; records the tasks. */
function localRunner(seen: FamilyTask[] = []): TaskRunner {
  return async (task) => {
    seen.push(task);
    return structuredClone(runFamilyTask(structuredClone(task)));
  };
}

/** A synthetic 40 x 36 x 24 image with a textured ellipsoid ROI of ~9,000 voxels. */
function synthetic(): { image: Volume; mask: Mask } {
  const shape: Vec3 = [40, 36, 24];
  const n = shape[0] * shape[1] * shape[2];
  const data = new Float32Array(n);
  const m = new Uint8Array(n);
  let seed = 11;
  for (let z = 0, i = 0; z < shape[2]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0; x < shape[0]; x++, i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        data[i] = 400 + 200 * Math.sin(x / 4) * Math.cos(y / 5) + 60 * (seed / 2 ** 32);
        m[i] = ((x - 20) / 17) ** 2 + ((y - 18) / 15) ** 2 + ((z - 12) / 10) ** 2 <= 1 ? 1 : 0;
      }
  const spacing: Vec3 = [0.9, 0.9, 1.5];
  return { image: createVolume({ data, shape, spacing }), mask: { volume: createVolume({ data: m, shape, spacing }), label: 1 } };
}

const CASES: [string, () => { image: Volume; mask: Mask }, ConfigInput, string | undefined][] = [
  ['digital phantom, IBSI preset', () => ({ image: phantomImage(), mask: { volume: phantomMaskVolume(), label: 1 } }), {}, 'ibsi1-digital-phantom'],
  ['synthetic ellipsoid, FBS 25 (Moran / Geary by FFT)', synthetic, { discretisation: { method: 'fixedBinSize', width: 25 } }, undefined],
  ['synthetic ellipsoid, a LoG and a wavelet response map too', synthetic, { discretisation: { method: 'fixedBinNumber', bins: 16 }, imageTypes: [{ type: 'original' }, { type: 'log', sigma: 1.5 }, { type: 'wavelet', wavelet: 'haar', decomposition: 'LLH' }] }, undefined],
  ['synthetic ellipsoid, compat pyradiomics (its features) with PyRadiomics image types', synthetic, { compat: 'pyradiomics', voxelArrayShift: 100, discretisation: { method: 'fixedBinSize', width: 25, binning: 'pyradiomics' }, imageTypes: [{ type: 'original' }, { type: 'swt', decomposition: 'LLH' }, { type: 'square' }, { type: 'lbp2d' }] }, undefined],
  ['MRI brain1 (z-score, FBN 32, resampled to 1 mm)', () => ({ image: readVolume(`${MRI}brain1_image.nrrd`), mask: readMask(`${MRI}brain1_label.nrrd`, 1) }), { normalisation: { method: 'zscore', region: 'roi' }, discretisation: { method: 'fixedBinNumber', bins: 32 }, resampling: { spacing: [1, 1, 1] } }, undefined],
];

describe('extractParallel', () => {
  describe.each(CASES)('%s', (_name, load, config, preset) => {
    const { image, mask } = load();
    const expected = JSON.stringify(extract(image, mask, config, { preset }));

    test.each([0, 1, 3])('with %i runners: the same result as extract(), bit for bit', async (runners) => {
      const seen: FamilyTask[] = [];
      const result = await extractParallel(image, mask, config, { preset, runners: Array.from({ length: runners }, () => localRunner(seen)) });
      expect(JSON.stringify(result)).toBe(expected);
      // Only the calling thread reads the whole image, so local intensity never goes to a runner.
      for (const task of seen) {
        expect(task.families).not.toContain('li');
        expect('image' in task.input).toBe(false);
      }
    });
  });

  test('a runner gets a share of the work (morphology, its pair sums or other families); warnings come back in order', async () => {
    const { image, mask } = synthetic();
    const seen: FamilyTask[] = [];
    const config = { discretisation: { method: 'fixedBinSize', width: 25 } } as const;
    const result = await extractParallel(image, mask, config, { runners: [localRunner(seen)] });
    expect(seen.flatMap((t) => [...t.families, ...(t.spatial ? ['spatial'] : [])]).length).toBeGreaterThan(0);
    const expected = extract(image, mask, config);
    expect(result.features.map((f) => [f.id, f.value])).toEqual(expected.features.map((f) => [f.id, f.value]));
    expect(result.warnings).toEqual(expected.warnings);
  });

  test("Moran's and Geary's pair sums in two parts when that ends sooner (a sparse ROI in a large box): one part per thread, extract()'s bits", async () => {
    // Two blobs of ~2,000 voxels at opposite corners of a 64 x 64 x 40 box: the pair sums' FFTs grow with
    // the box, the rest of the family with the ROI, so the pair sums outweigh everything else.
    const shape: Vec3 = [64, 64, 40];
    const data = new Float32Array(shape[0] * shape[1] * shape[2]);
    const m = new Uint8Array(data.length);
    for (let z = 0, i = 0; z < shape[2]; z++)
      for (let y = 0; y < shape[1]; y++)
        for (let x = 0; x < shape[0]; x++, i++) {
          data[i] = 300 + 100 * Math.sin(x / 3) * Math.cos(y / 4) + z;
          const near = (c: Vec3) => (x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2 <= 64;
          m[i] = near([8, 8, 8]) || near([55, 55, 31]) ? 1 : 0;
        }
    const spacing: Vec3 = [1, 1, 1];
    const image = createVolume({ data, shape, spacing });
    const mask = { volume: createVolume({ data: m, shape, spacing }), label: 1 };
    const config = { discretisation: { method: 'fixedBinSize', width: 25 }, families: ['morph'] } as const;
    const expected = JSON.stringify(extract(image, mask, config));
    for (const runners of [1, 2, 3]) {
      const seen: FamilyTask[] = [];
      const result = await extractParallel(image, mask, config, { runners: Array.from({ length: runners }, () => localRunner(seen)) });
      expect(JSON.stringify(result)).toBe(expected);
      const parts = seen.filter((t) => t.spatial).map((t) => t.spatialPart);
      expect(parts.length).toBeGreaterThan(0);
      for (const p of parts) expect(p?.[1]).toBe(2);
      expect(new Set(parts.map((p) => p?.[0])).size).toBe(parts.length);
    }
  });

  test('bad input is found before any task is posted, with the same typed error as extract()', async () => {
    const { image } = synthetic();
    const empty = { volume: createVolume({ data: new Uint8Array(image.shape[0] * image.shape[1] * image.shape[2]), shape: image.shape, spacing: image.spacing }), label: 1 };
    const seen: FamilyTask[] = [];
    const error = await extractParallel(image, empty, {}, { runners: [localRunner(seen)], maskFile: 'm.nii' }).catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'EmptyMask')).toBe(true);
    expect((error as Error).message).toContain('m.nii');
    expect(seen).toHaveLength(0);
  });

  test("a family's error on a runner comes back as extract()'s typed error (MatrixTooLarge)", async () => {
    const { image, mask } = synthetic();
    // A 1e-4 bin width on intensities ~200-700 asks for millions of grey levels.
    const config = { discretisation: { method: 'fixedBinSize', width: 1e-4 }, families: ['glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm', 'stat'], limits: { maxMatrixBytes: 2 ** 20 } } as const;
    const sequential = (() => {
      try {
        extract(image, mask, config);
      } catch (e) {
        return e as Error;
      }
      throw new Error('extract() did not fail');
    })();
    expect(isRadiomicsError(sequential, 'MatrixTooLarge')).toBe(true);
    for (const runners of [0, 1, 2]) {
      const error = await extractParallel(image, mask, config, { runners: Array.from({ length: runners }, () => localRunner()) }).catch((e: unknown) => e);
      expect(isRadiomicsError(error, 'MatrixTooLarge')).toBe(true);
      expect((error as Error).message).toBe(sequential.message);
    }
  });

  test('a runner that fails (a dead worker) gives InternalError naming the thread', async () => {
    const { image, mask } = synthetic();
    const dead: TaskRunner = () => Promise.reject(new Error('worker exited with code 1'));
    const error = await extractParallel(image, mask, {}, { runners: [dead] }).catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'InternalError')).toBe(true);
    expect((error as Error).message).toMatch(/worker thread failed: worker exited with code 1/);
  });

  test('runFamilyTask refuses local intensity, which needs the whole image', async () => {
    const { image, mask } = synthetic();
    const seen: FamilyTask[] = [];
    await extractParallel(image, mask, {}, { runners: [localRunner(seen)] });
    const input = seen[0].input;
    const result = runFamilyTask({ config: resolveConfig({}), input, families: ['li'], spatial: false });
    expect(result.families[0].error?.code).toBe('InvalidArgument');
  });
});
