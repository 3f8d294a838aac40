// One case in a fresh process, for peak memory: reads the files and extracts once with the built
// library, then prints {ms, maxRssMiB, voxels} as JSON. Usage: node bench/case.mjs IMAGE MASK CONFIG_JSON [THREADS]
// (IMAGE "-" only loads the library: the baseline RSS of Node plus radiomics). THREADS > 1 extracts
// through createExtractor, started before the files are read, as `radiomics extract --threads` does.
import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';
import { createExtractor, extract, readMask, readVolume } from '../dist/node.js';

const [image, mask, config, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 1);
let ms = 0;
let voxels = 0;
if (image !== '-') {
  const t0 = performance.now();
  const extractor = threads > 1 ? createExtractor({ threads }) : null;
  const options = { imageFile: image, maskFile: mask }; // the README's path: node:crypto is the default digest in Node
  const [img, m, c] = [readVolume(image), readMask(mask), JSON.parse(config)];
  const r = extractor === null ? extract(img, m, c, options) : await extractor.extract(img, m, c, options);
  ms = performance.now() - t0;
  await extractor?.close();
  voxels = r.provenance.roi.intensityVoxels;
}
console.log(JSON.stringify({ ms, voxels, maxRssMiB: peakRssKiB() / 1024 }));

/**
 * Peak resident memory of this process in KiB: VmHWM from /proc (Linux; reset by exec, unlike
 * getrusage's maxRSS, which a spawned child inherits from its parent's high-water mark), else maxRSS.
 */
function peakRssKiB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return resourceUsage().maxRSS;
}
