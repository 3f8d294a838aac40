/**
 * Feature-map benchmark (issue 22; a script, not a test). The goal case: PyRadiomics' sample brain1
 * (fixtures/mri-samples, label 1, 4,137 voxels), fixtures/pyradiomics/voxel-r2.params.yaml (binWidth 25,
 * the six classes PyRadiomics computes voxel-wise: firstorder, glcm, glrlm, glszm, gldm, ngtdm; kernel
 * radius 2, masked kernels). PyRadiomics 3.1 took 30.6 s for it on this machine, quiet (55 s under load);
 * the goal is 100x, about 0.3 s, on one thread. Also: each family alone, 2 threads (the built worker,
 * dist/extract-worker.js), and the cost per ROI voxel for R = 1, 2, 3 on brain1 and on the synthetic
 * MRI-like image of bench/synthetic.ts with a 30k-voxel ellipsoid ROI (and, without --quick, 300k at R = 1).
 * Times are medians of RUNS runs after one warm-up, wall clock and CPU time of the process (user +
 * system), with the load average beside them: the machine is shared, and under load the CPU time is the
 * figure to compare with PyRadiomics' (measured quiet, where wall and CPU time agree).
 *
 * Run: npm run bench:maps [-- --runs 3] [-- --quick]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createExtractor, extractMaps, parsePyradiomicsParams, readMask, readVolume, sha256, type ConfigInput, type Mask, type Volume } from '../src/node.js';
import { ellipsoidMask, syntheticImage } from './synthetic.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const QUICK = process.argv.includes('--quick');
const PYRADIOMICS_MS = 30_600;

const params = parsePyradiomicsParams(readFileSync(`${ROOT}fixtures/pyradiomics/voxel-r2.params.yaml`, 'utf8'));
const config: ConfigInput = { ...params.config, families: params.config.families.filter((f) => f !== 'morph') } as ConfigInput;
const brain = { image: readVolume(`${ROOT}fixtures/mri-samples/nrrd/brain1_image.nrrd`), mask: readMask(`${ROOT}fixtures/mri-samples/nrrd/brain1_label.nrrd`, 1) };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** CPU time (user + system) of this process, ms: other tenants of the machine disturb it far less than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
/** Median wall and CPU time of `runs` runs after one warm-up. */
async function time(f: () => unknown, runs = RUNS): Promise<{ wall: number; cpu: number }> {
  await f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    await f();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const load = () => loadavg()[0].toFixed(1);
const row = (name: string, t: { wall: number; cpu: number }, voxels: number, extra = '') =>
  console.log(`${name.padEnd(52)} ${t.wall.toFixed(0).padStart(8)} ${t.cpu.toFixed(0).padStart(8)} ${((1000 * t.cpu) / voxels).toFixed(0).padStart(9)} ${extra}`);

console.log(`feature maps, median of ${RUNS} runs after a warm-up (Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x ${availableParallelism()}), load ${load()} at start\n`);
console.log(`${'case'.padEnd(52)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)} ${'CPU us/voxel'.padStart(9)}`);
const maps = (v: { image: Volume; mask: Mask }, radius: number, c: ConfigInput = config) => extractMaps(v.image, v.mask, c, { kernelRadius: radius, sha256 });
const roi = maps(brain, 2).voxels.length;
const one = await time(() => maps(brain, 2));
row('brain1, PyRadiomics families, R = 2, 1 thread', one, roi, `PyRadiomics ${PYRADIOMICS_MS} ms: x${(PYRADIOMICS_MS / one.wall).toFixed(1)} wall, x${(PYRADIOMICS_MS / one.cpu).toFixed(1)} CPU (goal x100); load ${load()}`);
const extractor = createExtractor({ threads: 2, workerUrl: new URL('../dist/extract-worker.js', import.meta.url) });
const two = await time(() => extractor.extractMaps(brain.image, brain.mask, config, { kernelRadius: 2, sha256 }));
await extractor.close();
// CPU time here is the calling thread's share only (the worker's runs on its own thread): read the wall time.
row('brain1, PyRadiomics families, R = 2, 2 threads', two, roi, `wall x${(PYRADIOMICS_MS / two.wall).toFixed(1)}; x${(one.wall / two.wall).toFixed(2)} of 1 thread; load ${load()}`);
for (const family of (config.families ?? []) as string[]) {
  const ms = await time(() => maps(brain, 2, { ...config, families: [family] } as ConfigInput), 1);
  row(`  ${family} alone (preprocessing and provenance included)`, ms, roi);
}
for (const radius of [1, 3]) row(`brain1, PyRadiomics families, R = ${radius}, 1 thread`, await time(() => maps(brain, radius), 1), roi, `load ${load()}`);

{
  const image = syntheticImage(1);
  for (const [target, radii] of (QUICK ? [[30_000, [1]]] : [[30_000, [1, 2]], [300_000, [1]]]) as [number, number[]][]) {
    const { mask, count } = ellipsoidMask(target);
    for (const radius of radii) {
      const t0 = performance.now();
      const c0 = cpuMs();
      maps({ image, mask: { volume: mask, label: 1 } }, radius);
      row(`synthetic ${Math.round(count / 1000)}k voxels, R = ${radius}, 1 thread (one run)`, { wall: performance.now() - t0, cpu: cpuMs() - c0 }, count, `load ${load()}`);
    }
  }
}
console.log(`\nload ${load()} at end`);
