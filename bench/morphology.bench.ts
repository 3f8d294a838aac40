/**
 * Morphology family benchmark (a script, not a test): ellipsoid ROIs of about 30,000 and 300,000
 * voxels (semi-axes in ratio 1 : 0.8 : 0.6, spacing 1 x 1 x 1.5 mm, smooth random intensities), each
 * feature group timed separately, the fastest of RUNS runs with the two sizes interleaved (on a shared
 * machine contention only adds time, so the fastest run is the one closest to the code's own cost; the
 * medians swung the 30k figures by up to 2x). Prints a table of those times, the ratio 300k / 30k
 * and the growth exponent log(t300k / t30k) / log(N300k / N30k) (1 = linear in N, 2 = quadratic).
 * The baseline row is one pass over the box (counting mask voxels), measured in the same run; the
 * last column gives each group in multiples of it. One untimed warm-up pass runs first.
 *
 * Run: npm run bench:morphology [-- runs] (bench/build.mjs bundles it, with the internals it times; plain Node)
 */
import type { Vec3 } from '../src/image/volume.js';
import type { FamilyInput } from '../src/features/types.js';
import {
  MORPHOLOGY_DEFAULTS,
  meshHull,
  meshMeasures,
  minimumVolumeEnclosingEllipsoid,
  morphologyFamily,
  orientedMinimumBoundingBox,
  principalAxes,
  spatialSums,
  spatialSumsPart,
} from '../src/features/morphology/index.js';

const RUNS = Number(process.argv[2] ?? 7);

interface Roi {
  readonly shape: Vec3;
  readonly spacing: Vec3;
  readonly mask: Uint8Array;
  readonly values: Float64Array;
  readonly count: number;
}

/** Voxelised ellipsoid with semi-axes r, 0.8 r, 0.6 r (mm) and deterministic smooth intensities. */
function ellipsoidRoi(r: number, spacing: Vec3): Roi {
  const semi = [r, 0.8 * r, 0.6 * r];
  const shape = semi.map((s, a) => 2 * Math.ceil(s / spacing[a]) + 3) as unknown as Vec3;
  const [nx, ny, nz] = shape;
  const mask = new Uint8Array(nx * ny * nz);
  const values = new Float64Array(nx * ny * nz);
  let count = 0;
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const p = [(x - (nx - 1) / 2) * spacing[0], (y - (ny - 1) / 2) * spacing[1], (z - (nz - 1) / 2) * spacing[2]];
        const q = (p[0] / semi[0]) ** 2 + (p[1] / semi[1]) ** 2 + (p[2] / semi[2]) ** 2;
        values[i] = 100 * Math.sin(p[0] / 7) * Math.cos(p[1] / 5) + 20 * rand();
        if (q <= 1) {
          mask[i] = 1;
          count++;
        }
      }
    }
  }
  return { shape, spacing, mask, values, count };
}

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

type Group = [string, (roi: Roi) => unknown];

const GROUPS: Group[] = [
  [
    'baseline (one pass over the box)',
    (roi) => {
      let c = 0;
      for (let i = 0; i < roi.mask.length; i++) c += roi.mask[i];
      return c;
    },
  ],
  ['mesh volume + area (marching cubes)', (roi) => meshMeasures(roi.mask, roi.shape, roi.spacing)],
  ['PCA axes + centre', (roi) => principalAxes(roi.mask, roi.shape, roi.spacing)],
  ['convex hull + max diameter', (roi) => meshHull(roi.mask, roi.shape, roi.spacing)],
  [
    'OMBB (on the hull)',
    (roi) => {
      const h = meshHull(roi.mask, roi.shape, roi.spacing);
      return h && time(() => orientedMinimumBoundingBox(h.points, h.faces));
    },
  ],
  [
    'MVEE (on the hull)',
    (roi) => {
      const h = meshHull(roi.mask, roi.shape, roi.spacing);
      return h && time(() => minimumVolumeEnclosingEllipsoid(h.points));
    },
  ],
  ["Moran's I + Geary's C", (roi) => spatialSums(roi.mask, roi.values, roi.shape, roi.spacing, MORPHOLOGY_DEFAULTS.directSpatialMaxVoxels, MORPHOLOGY_DEFAULTS.maxSpatialFftBytes)],
  // The two parts extractParallel can give two threads (spatialSumsPart): each FFT pass on its own.
  ['  part 1 of 2 (pass m, z^2)', (roi) => spatialPart(roi, 0)],
  ['  part 2 of 2 (pass z)', (roi) => spatialPart(roi, 1)],
  ['whole family (29 features)', (roi) => morphologyFamily.compute(familyInput(roi), MORPHOLOGY_DEFAULTS)],
];

function spatialPart(roi: Roi, part: number): unknown {
  const d = MORPHOLOGY_DEFAULTS;
  return spatialSumsPart(roi.mask, roi.values, roi.shape, roi.spacing, d.directSpatialMaxVoxels, d.maxSpatialFftBytes, d.spatialSamples, part, 2);
}

function familyInput(roi: Roi): FamilyInput {
  return {
    image: undefined as never,
    boxOffset: [0, 0, 0],
    boxShape: roi.shape,
    spacing: roi.spacing,
    intensityMask: roi.mask,
    morphMask: roi.mask,
    intensities: roi.values,
    roiValues: new Float64Array(0),
    levels: new Int32Array(0),
    nBins: 0,
    ivh: { values: new Float64Array(0), rangeMin: 0, rangeMax: 0, step: 1 },
  };
}

/** One timing of every group on `roi`. */
function measureOnce(roi: Roi): number[] {
  return GROUPS.map(([name, f]) => {
    // OMBB and MVEE time only themselves (the hull they need is built outside the timer).
    let t = 0;
    const total = time(() => {
      const inner = f(roi);
      if (name.startsWith('OMBB') || name.startsWith('MVEE')) t = inner as number;
    });
    return name.startsWith('OMBB') || name.startsWith('MVEE') ? t : total;
  });
}

/** Per group, the fastest of `runs` timings of each ROI, the ROIs taking turns within every run. */
function fastest(rois: readonly Roi[], runs: number): number[][] {
  const best = rois.map(() => GROUPS.map(() => Infinity));
  for (let r = 0; r < runs; r++) {
    rois.forEach((roi, k) => {
      measureOnce(roi).forEach((t, g) => {
        best[k][g] = Math.min(best[k][g], t);
      });
    });
  }
  return best;
}

const spacing: Vec3 = [1, 1, 1.5];
// r chosen so that N ~ 4/3 pi r^3 0.48 / 1.5 ~ 30,000 and 300,000.
const small = ellipsoidRoi(28.5, spacing);
const large = ellipsoidRoi(61.4, spacing);
console.log(`morphology benchmark, fastest of ${RUNS} interleaved runs, Node ${process.version}`);
console.log(`small ROI: ${small.count} voxels, box ${small.shape.join(' x ')}; large ROI: ${large.count} voxels, box ${large.shape.join(' x ')}`);
// One untimed pass so that every code path is compiled before it is timed.
measureOnce(small);
const [ts, tl] = fastest([small, large], RUNS);
const growth = Math.log(large.count / small.count);
const rows = GROUPS.map(([name], i) => [name, ts[i].toFixed(1), tl[i].toFixed(1), (tl[i] / ts[i]).toFixed(1), (Math.log(tl[i] / ts[i]) / growth).toFixed(2), (tl[i] / tl[0]).toFixed(0)]);
const header = ['group', `${Math.round(small.count / 1000)}k ms`, `${Math.round(large.count / 1000)}k ms`, 'ratio', 'exponent', 'x baseline (large)'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));

// Moran's I and Geary's C, the one group near the n log n line: two sizes are too few on a shared
// machine (its 30k -> 300k exponent swung 0.85-1.17 between runs), so it is also timed at four sizes up
// to a million voxels. Time / (N ln N) stays bounded if the cost grows like n log n (the FFT is
// O(P log P) in the padded box, P ~ 15 N for these ellipsoids).
const MORAN = GROUPS.find(([name]) => name.startsWith('Moran'));
if (MORAN) {
  console.log('');
  console.log("Moran's I + Geary's C by ROI size (fastest of 3 runs)");
  const moranLine = (r: string[]) => [r[0].padStart(9), r[1].padStart(13), r[2].padStart(9), r[3].padStart(14)].join('  ');
  console.log(moranLine(['voxels', 'box', 'ms', 'ns / (N ln N)']));
  for (const r of [28.5, 41.7, 61.4, 91.7]) {
    const roi = ellipsoidRoi(r, spacing);
    let best = Infinity;
    for (let k = 0; k < 3; k++) best = Math.min(best, time(() => MORAN[1](roi)));
    console.log(moranLine([String(roi.count), roi.shape.join(' x '), best.toFixed(0), ((best / (roi.count * Math.log(roi.count))) * 1e6).toFixed(0)]));
  }
}
