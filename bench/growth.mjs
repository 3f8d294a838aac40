// Growth of each family's cost with the ROI, measured apart from the stage timings of bench/run.ts:
// one process started with V8's --single-threaded (as batch workers run), so that the garbage
// collector's and compiler's helper threads, whose CPU time lands on whichever stage is running, are
// not in the figures; wall time of each family's stage (extract's onStage), 5 warm-up rounds, then
// ROUNDS rounds alternating the two masks. Prints {family: {small: [ms...], large: [ms...]}} as JSON.
// Usage: node --single-threaded bench/growth.mjs IMAGE SMALL_MASK LARGE_MASK CONFIG_JSON ROUNDS
import { extract, FAMILY_NAMES, readMask, readVolume } from '../dist/node.js';

const [imagePath, smallPath, largePath, config, rounds] = process.argv.slice(2);
const image = readVolume(imagePath);
const masks = { small: readMask(smallPath), large: readMask(largePath) };
const times = Object.fromEntries(FAMILY_NAMES.map((f) => [f, { small: [], large: [] }]));
const WARMUP = 5;
for (let r = 0; r < WARMUP + Number(rounds); r++) {
  for (const size of ['small', 'large']) {
    extract(image, masks[size], JSON.parse(config), {
      onStage: (stage, ms) => {
        if (r >= WARMUP && stage in times) times[stage][size].push(ms);
      },
    });
  }
}
console.log(JSON.stringify(times));
