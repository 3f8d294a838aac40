/**
 * createExtractor (radiomics/node) on real worker threads, and `radiomics extract --threads`: the
 * built worker (dist/extract-worker.js, built by `npm test`'s pretest) gives extract()'s result bit
 * for bit. The split of the work itself is tested on one thread in test/extractParallel.unit.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { extract, extractMaps, isRadiomicsError } from '../../src/index.js';
import { createExtractor, readMask, readVolume, sha256, WorkerRunner } from '../../src/node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = new URL('../../dist/extract-worker.js', import.meta.url);
const MRI = join(ROOT, 'fixtures/mri-samples/nrrd');
const tmp = mkdtempSync(join(tmpdir(), 'radiomics-threads-'));

const CONFIG = { normalisation: { method: 'zscore', region: 'roi' }, discretisation: { method: 'fixedBinNumber', bins: 32 } } as const;

describe('createExtractor', () => {
  const extractor = createExtractor({ threads: 3, workerUrl: WORKER });
  afterAll(() => extractor.close());

  test.each(['brain1', 'breast1'])('%s on 3 threads: the same result as extract(), bit for bit, call after call', async (name) => {
    const image = readVolume(join(MRI, `${name}_image.nrrd`));
    const mask = readMask(join(MRI, `${name}_label.nrrd`), 1);
    const options = { imageFile: `${name}_image.nrrd`, maskFile: `${name}_label.nrrd`, sha256 };
    const expected = JSON.stringify(extract(image, mask, CONFIG, options));
    for (let run = 0; run < 2; run++) expect(JSON.stringify(await extractor.extract(image, mask, CONFIG, options))).toBe(expected);
  });

  test('one thread runs extract() on the calling thread, with the same result', async () => {
    const one = createExtractor({ threads: 1, workerUrl: WORKER });
    const image = readVolume(join(MRI, 'breast1_image.nrrd'));
    const mask = readMask(join(MRI, 'breast1_label.nrrd'), 1);
    expect(JSON.stringify(await one.extract(image, mask, CONFIG))).toBe(JSON.stringify(extract(image, mask, CONFIG)));
    await one.close();
    const closed = await one.extract(image, mask, CONFIG).catch((e: unknown) => e);
    expect(isRadiomicsError(closed, 'InvalidArgument')).toBe(true);
  });

  test.each([0, 1.5, Number.NaN])('threads = %s is an InvalidArgument error', (threads) => {
    expect(() => createExtractor({ threads })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test('a program that never calls close() still exits: idle workers do not hold the process (and a -e script works)', () => {
    const script = `
      import { createExtractor, readMask, readVolume } from ${JSON.stringify(join(ROOT, 'dist/node.js'))};
      const ex = createExtractor({ threads: 2 });
      const r = await ex.extract(readVolume(${JSON.stringify(join(MRI, 'breast1_image.nrrd'))}), readMask(${JSON.stringify(join(MRI, 'breast1_label.nrrd'))}));
      console.log(r.features.length);`;
    // Run as node --input-type=module -e: the workers must not inherit --input-type (Node refuses it for a file).
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(Number(r.stdout)).toBeGreaterThan(100);
  });
});

describe('createExtractor().extractMaps', () => {
  const extractor = createExtractor({ threads: 2, workerUrl: WORKER });
  afterAll(() => extractor.close());

  test('brain2, every mapped family, R = 1, masked and unmasked: on 2 threads the maps of extractMaps(), bit for bit', async () => {
    const image = readVolume(join(MRI, 'brain2_image.nrrd'));
    const mask = readMask(join(MRI, 'brain2_label.nrrd'), 1);
    const config = { discretisation: { method: 'fixedBinSize', width: 25, lowerBound: null } } as const;
    for (const maskedKernel of [true, false]) {
      const options = { kernelRadius: 1, maskedKernel, sha256 };
      const one = extractMaps(image, mask, config, options);
      const seen: number[] = [];
      const two = await extractor.extractMaps(image, mask, config, { ...options, onProgress: (done) => seen.push(done) });
      expect(two.maps.map((m) => m.id)).toEqual(one.maps.map((m) => m.id));
      for (let i = 0; i < one.maps.length; i++) expect(Buffer.from(two.maps[i].values.buffer).equals(Buffer.from(one.maps[i].values.buffer)), one.maps[i].id).toBe(true);
      expect(JSON.stringify({ ...two, maps: null })).toBe(JSON.stringify({ ...one, maps: null }));
      expect(seen.at(-1)).toBe(one.voxels.length);
    }
  });

  test('an error on a worker thread comes back typed', async () => {
    const image = readVolume(join(MRI, 'brain2_image.nrrd'));
    const mask = readMask(join(MRI, 'brain2_label.nrrd'), 1);
    const error = await extractor.extractMaps(image, mask, { families: ['morph'] }, { kernelRadius: 1 }).catch((e: unknown) => e);
    expect(isRadiomicsError(error, 'UnsupportedMap')).toBe(true);
  });
});

describe('WorkerRunner', () => {
  test('a worker that dies rejects its task and is replaced for the next one (batch: the case fails, the rest go on)', async () => {
    const script = join(tmp, 'die-worker.mjs');
    writeFileSync(script, `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => (m.task === 'die' ? process.exit(3) : parentPort.postMessage({ id: m.id, result: 2 * m.task })));`);
    const worker = new WorkerRunner<number | 'die', number>(pathToFileURL(script));
    expect(await worker.run(2)).toBe(4);
    await expect(worker.run('die')).rejects.toThrow(/exited with code 3/);
    expect(await worker.run(5)).toBe(10);
    await worker.close();
  });
});

describe('radiomics extract --threads', () => {
  const radiomics = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), 'extract', ...args], { encoding: 'utf8', cwd: tmp });
  writeFileSync(join(tmp, 'config.json'), JSON.stringify(CONFIG));
  const files = ['--image', join(MRI, 'brain2_image.nrrd'), '--mask', join(MRI, 'brain2_label.nrrd'), '--config', join(tmp, 'config.json')];

  test('--threads 2 writes the same bytes as --threads 1', () => {
    for (const t of ['1', '2']) expect(radiomics(...files, '--threads', t, '--out', join(tmp, `t${t}.json`)).status).toBe(0);
    expect(readFileSync(join(tmp, 't2.json'), 'utf8')).toBe(readFileSync(join(tmp, 't1.json'), 'utf8'));
  });

  test.each(['0', 'two', '1.5'])('--threads %s is a usage error', (value) => {
    const r = radiomics(...files, '--threads', value);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--threads must be a whole number >= 1/);
  });
});
