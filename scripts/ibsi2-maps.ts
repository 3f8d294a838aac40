/**
 * IBSI 2 phase 1: the 33 reference response maps and the settings that produce them, and the comparison
 * rule (a map passes when every voxel is within 1 % of the reference map's intensity range).
 * Settings: IBSI 2 manual (arXiv 2006.05470), transcribed from MIRP's response-map test
 * (test/ibsi_2_response_map_test.py, see ../shared/ibsi/README.md "IBSI 2 phase 1 test settings"):
 * sigma and lambda in mm, theta in degrees, mean support in voxels; MIRP's boundary 'reflect' is
 * scipy's (half-sample symmetric), IBSI's "mirror".
 * Tests 9.a, 9.b.1 and 10.b.1 (Riesz transforms) are not in MIRP's test; their settings come from the
 * IBSI 2 manual v9 table 6.1 as transcribed in martonkolossvary/pictologics-manuscript-bench
 * (bench/compliance/ibsi2_protocol.py): 9.a impulse, LoG sigma 3 mm, truncate 4, order (1,0,0), zero;
 * 9.b.1 sphere, same LoG, order (0,2,0), zero; 10.b.1 pattern_1, Simoncelli level 1, order (0,2,0),
 * nearest. The order (l1, l2, l3) is along (x, y, z) = NIfTI (i, j, k): the other assignments miss the
 * reference maps by more than 50 % of their range.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNifti } from '../src/io/nifti.js';
import { gunzip } from '../src/io/gzip.js';
import type { Volume } from '../src/image/volume.js';
import { applyFilter, type FilterSpec } from '../src/preprocess/filters/index.js';

export interface MapTest {
  readonly id: string;
  readonly phantom: 'checkerboard' | 'impulse' | 'sphere' | 'pattern_1';
  readonly spec: FilterSpec;
}

const D3 = { dims: '3D' } as const;
const D2 = { dims: '2D' } as const;
const gabor = { truncate: 4, response: 'modulus', thetaStep: 45, theta: 0 } as const;

export const MAP_TESTS: readonly MapTest[] = [
  { id: '1.a.1', phantom: 'checkerboard', spec: { type: 'mean', support: 15, boundary: 'constant', ...D3 } },
  { id: '1.a.2', phantom: 'checkerboard', spec: { type: 'mean', support: 15, boundary: 'nearest', ...D3 } },
  { id: '1.a.3', phantom: 'checkerboard', spec: { type: 'mean', support: 15, boundary: 'wrap', ...D3 } },
  { id: '1.a.4', phantom: 'checkerboard', spec: { type: 'mean', support: 15, boundary: 'reflect', ...D3 } },
  { id: '1.b.1', phantom: 'impulse', spec: { type: 'mean', support: 15, boundary: 'constant', ...D2 } },
  { id: '2.a', phantom: 'impulse', spec: { type: 'log', sigma: 3, truncate: 4, riesz: null, boundary: 'constant', ...D3 } },
  { id: '2.b', phantom: 'checkerboard', spec: { type: 'log', sigma: 5, truncate: 4, riesz: null, boundary: 'reflect', ...D3 } },
  { id: '2.c', phantom: 'checkerboard', spec: { type: 'log', sigma: 5, truncate: 4, riesz: null, boundary: 'reflect', ...D2 } },
  { id: '3.a.1', phantom: 'impulse', spec: { type: 'laws', kernels: 'E5L5S5', rotationInvariant: false, energyDelta: null, boundary: 'constant', ...D3 } },
  { id: '3.a.2', phantom: 'impulse', spec: { type: 'laws', kernels: 'E5L5S5', rotationInvariant: true, energyDelta: null, boundary: 'constant', ...D3 } },
  { id: '3.a.3', phantom: 'impulse', spec: { type: 'laws', kernels: 'E5L5S5', rotationInvariant: true, energyDelta: 7, boundary: 'constant', ...D3 } },
  { id: '3.b.1', phantom: 'checkerboard', spec: { type: 'laws', kernels: 'E3W5R5', rotationInvariant: false, energyDelta: null, boundary: 'reflect', ...D3 } },
  { id: '3.b.2', phantom: 'checkerboard', spec: { type: 'laws', kernels: 'E3W5R5', rotationInvariant: true, energyDelta: null, boundary: 'reflect', ...D3 } },
  { id: '3.b.3', phantom: 'checkerboard', spec: { type: 'laws', kernels: 'E3W5R5', rotationInvariant: true, energyDelta: 7, boundary: 'reflect', ...D3 } },
  { id: '3.c.1', phantom: 'checkerboard', spec: { type: 'laws', kernels: 'L5S5', rotationInvariant: false, energyDelta: null, boundary: 'reflect', ...D2 } },
  { id: '3.c.2', phantom: 'checkerboard', spec: { type: 'laws', kernels: 'L5S5', rotationInvariant: true, energyDelta: null, boundary: 'reflect', ...D2 } },
  { id: '3.c.3', phantom: 'checkerboard', spec: { type: 'laws', kernels: 'L5S5', rotationInvariant: true, energyDelta: 7, boundary: 'reflect', ...D2 } },
  { id: '4.a.1', phantom: 'impulse', spec: { type: 'gabor', sigma: 10, gamma: 0.5, lambda: 4, ...gabor, theta: 60, rotationInvariant: false, boundary: 'constant', ...D3 } },
  { id: '4.a.2', phantom: 'impulse', spec: { type: 'gabor', sigma: 10, gamma: 0.5, lambda: 4, ...gabor, thetaStep: 45, rotationInvariant: true, boundary: 'constant', ...D3 } },
  { id: '4.b.1', phantom: 'sphere', spec: { type: 'gabor', sigma: 20, gamma: 2.5, lambda: 8, ...gabor, theta: 225, rotationInvariant: false, boundary: 'reflect', ...D3 } },
  { id: '4.b.2', phantom: 'sphere', spec: { type: 'gabor', sigma: 20, gamma: 2.5, lambda: 8, ...gabor, thetaStep: 22.5, rotationInvariant: true, boundary: 'reflect', ...D3 } },
  { id: '5.a.1', phantom: 'impulse', spec: { type: 'wavelet', wavelet: 'db2', decomposition: 'LHL', level: 1, rotationInvariant: false, boundary: 'constant', ...D3 } },
  { id: '5.a.2', phantom: 'impulse', spec: { type: 'wavelet', wavelet: 'db2', decomposition: 'LHL', level: 1, rotationInvariant: true, boundary: 'constant', ...D3 } },
  { id: '6.a.1', phantom: 'sphere', spec: { type: 'wavelet', wavelet: 'coif1', decomposition: 'HHL', level: 1, rotationInvariant: false, boundary: 'wrap', ...D3 } },
  { id: '6.a.2', phantom: 'sphere', spec: { type: 'wavelet', wavelet: 'coif1', decomposition: 'HHL', level: 1, rotationInvariant: true, boundary: 'wrap', ...D3 } },
  { id: '7.a.1', phantom: 'checkerboard', spec: { type: 'wavelet', wavelet: 'haar', decomposition: 'LLL', level: 2, rotationInvariant: true, boundary: 'reflect', ...D3 } },
  { id: '7.a.2', phantom: 'checkerboard', spec: { type: 'wavelet', wavelet: 'haar', decomposition: 'HHH', level: 2, rotationInvariant: true, boundary: 'reflect', ...D3 } },
  { id: '8.a.1', phantom: 'checkerboard', spec: { type: 'simoncelli', level: 1, riesz: null, boundary: 'wrap', ...D3 } },
  { id: '8.a.2', phantom: 'checkerboard', spec: { type: 'simoncelli', level: 2, riesz: null, boundary: 'wrap', ...D3 } },
  { id: '8.a.3', phantom: 'checkerboard', spec: { type: 'simoncelli', level: 3, riesz: null, boundary: 'wrap', ...D3 } },
  { id: '9.a', phantom: 'impulse', spec: { type: 'log', sigma: 3, truncate: 4, riesz: [1, 0, 0], boundary: 'constant', ...D3 } },
  { id: '9.b.1', phantom: 'sphere', spec: { type: 'log', sigma: 3, truncate: 4, riesz: [0, 2, 0], boundary: 'constant', ...D3 } },
  { id: '10.b.1', phantom: 'pattern_1', spec: { type: 'simoncelli', level: 1, riesz: [0, 2, 0], boundary: 'nearest', ...D3 } },
];

const FIXTURES = fileURLToPath(new URL('../fixtures/ibsi2/', import.meta.url));
const INDEX: Record<string, { shape: [number, number, number]; min: number; max: number }> = JSON.parse(readFileSync(`${FIXTURES}reference-maps.json`, 'utf8'));

export function loadPhantom(name: MapTest['phantom']): Volume {
  return readNifti(new Uint8Array(readFileSync(`${FIXTURES}phantoms/${name}.nii.gz`)));
}

/** The reference map decoded from its 16-bit codes, with its range and the decoding error bound. */
export function loadReferenceMap(id: string): { data: Float64Array; min: number; max: number; quantisation: number } {
  const key = id.replace(/\./g, '_');
  const meta = INDEX[key];
  const bytes = gunzip(new Uint8Array(readFileSync(`${FIXTURES}reference-maps/${key}.u16.gz`)));
  const codes = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  const range = meta.max - meta.min;
  const data = Float64Array.from(codes, (c) => meta.min + (c / 65535) * range);
  return { data, min: meta.min, max: meta.max, quantisation: range / 131070 };
}

export interface MapComparison {
  readonly test: MapTest;
  /** Largest |response - reference| as a percentage of the reference range (quantisation error added). */
  readonly maxDeviationPercent: number;
  readonly pass: boolean;
}

/**
 * Runs one test and compares it voxel by voxel. The response is rounded to float32 first, as the
 * reference maps are float32. A voxel passes when |response - decoded reference| + quantisation bound
 * <= 1 % of the range (for a constant map, range 0: exact equality).
 */
export function runMapTest(test: MapTest): MapComparison {
  const response = applyFilter(loadPhantom(test.phantom), test.spec).voxels.data as Float64Array;
  const ref = loadReferenceMap(test.id);
  const range = ref.max - ref.min;
  let worst = 0;
  for (let i = 0; i < response.length; i++) {
    const d = Math.abs(Math.fround(response[i]) - ref.data[i]) + ref.quantisation;
    if (d > worst) worst = d;
  }
  const pass = range > 0 ? worst <= 0.01 * range : worst === 0;
  return { test, maxDeviationPercent: range > 0 ? (100 * worst) / range : worst === 0 ? 0 : Infinity, pass };
}
