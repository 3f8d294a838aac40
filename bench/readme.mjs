// The README's library example as a user runs it: `extract` imported from 'radiomics' (this package, by
// its own name: the built dist/index.js with '#digest' resolved under Node's conditions) and the files
// read with 'radiomics/node', the README's configuration, no options. Also the same with `{ sha256 }`
// from radiomics/node passed explicitly (the fast digest a user had to know about before issue 24), to
// show that the default path is as fast. Usage: node bench/readme.mjs IMAGE MASK WARMUP RUNS;
// prints {defaultMs: [...], sha256Ms: [...]} (wall ms per case, files read, after WARMUP rounds).
import { extract } from 'radiomics';
import { readMask, readVolume, sha256 } from 'radiomics/node';

const [imagePath, maskPath, warmup, runs] = process.argv.slice(2);
const README_CONFIG = { discretisation: { method: 'fixedBinNumber', bins: 32 }, glcm: { aggregations: ['3D_merged'], distance: 1 } };
const out = { defaultMs: [], sha256Ms: [] };
for (let r = 0; r < Number(warmup) + Number(runs); r++) {
  // Interleaved, order alternating, so that load from other processes falls on both alike.
  for (const withOption of r % 2 ? [true, false] : [false, true]) {
    const t0 = performance.now();
    const image = readVolume(imagePath);
    const mask = readMask(maskPath, 1);
    extract(image, mask, README_CONFIG, withOption ? { sha256 } : undefined);
    const ms = performance.now() - t0;
    if (r >= Number(warmup)) out[withOption ? 'sha256Ms' : 'defaultMs'].push(ms);
  }
}
console.log(JSON.stringify(out));
