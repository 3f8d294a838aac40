/**
 * How far PyRadiomics' LoG (recursiveLog: ITK's recursive Gaussian, verified against ITK) is from the IBSI 2
 * LoG (log: sampled kernel truncated at 4 sigma, reflect boundary) on the MRI samples, for docs/pyradiomics.md.
 *   tsx scripts/log-distance.ts
 * Per case and sigma, over the ROI voxels: the IBSI response is first put on PyRadiomics' scale (times
 * sigma^2 / min spacing^2: the IBSI kernel is the Laplacian in mm times the squared smallest spacing, ITK's
 * is normalised across scale by sigma^2), then rel. RMS = ||recursive - scaled IBSI|| / ||recursive||, and the
 * ROI means of both maps.
 */
import { readMask, readVolume } from '../src/node.js';
import { logFilter, recursiveLogFilter } from '../src/preprocess/filters/index.js';

const DIR = new URL('../fixtures/mri-samples/nifti/', import.meta.url).pathname;
console.log('| case | spacing (mm) | sigma (mm) | rel. RMS difference in the ROI | ROI mean, recursive | ROI mean, IBSI x sigma^2/s_min^2 |');
console.log('|---|---|---|---|---|---|');
for (const name of ['brain1', 'brain2', 'breast1']) {
  const image = readVolume(`${DIR}${name}_image.nii.gz`);
  const mask = readMask(`${DIR}${name}_label.nii.gz`);
  const m = mask.volume.voxels.data as ArrayLike<number>;
  const roi: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i] === mask.label) roi.push(i);
  const sMin = Math.min(...image.spacing);
  for (const sigma of [1, 2, 3, 5]) {
    const a = recursiveLogFilter(image, { sigma }).voxels.data;
    const b = logFilter(image, { sigma, truncate: 4, boundary: 'reflect', dims: '3D' }).voxels.data;
    const k = (sigma * sigma) / (sMin * sMin);
    let num = 0;
    let den = 0;
    let ma = 0;
    let mb = 0;
    for (const i of roi) {
      num += (a[i] - k * b[i]) ** 2;
      den += a[i] ** 2;
      ma += a[i];
      mb += k * b[i];
    }
    console.log(`| ${name} | ${image.spacing.map((s) => s.toFixed(3)).join(' x ')} | ${sigma} | ${(Math.sqrt(num / den) * 100).toFixed(2)}% | ${(ma / roi.length).toFixed(3)} | ${(mb / roi.length).toFixed(3)} |`);
  }
}
