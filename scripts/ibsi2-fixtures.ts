/**
 * Builds fixtures/ibsi2/ from the IBSI 2 data (see fixtures/ibsi2/SOURCE.md):
 *   npx tsx scripts/ibsi2-fixtures.ts [path to ../shared/ibsi/ibsi2]
 * - phantoms/<name>.nii.gz: the digital phantoms, copied byte for byte;
 * - reference-maps/<test>.u16.gz: each reference response map quantised to 16 bits over its own range,
 *   code = round((v - min) / (max - min) * 65535), raw little-endian uint16, x fastest (NIfTI order),
 *   gzip-compressed (2 MB instead of 33 MB of float32). The decoding error is at most (max - min) / 131070,
 *   0.00076 % of the range; the map test subtracts it from the 1 % tolerance, so a pass still means
 *   |response - reference| <= 1 % of the range.
 * - reference-maps.json: per test the shape, min, max and the SHA-256 of the original .nii file.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNifti } from '../src/io/nifti.js';
import { gzip } from '../src/io/gzip.js';
import { sha256Hex } from '../src/util/sha256.js';

const source = process.argv[2] ?? fileURLToPath(new URL('../../../shared/ibsi/ibsi2', import.meta.url));
const out = fileURLToPath(new URL('../fixtures/ibsi2', import.meta.url));
const PHANTOMS = ['checkerboard', 'impulse', 'sphere', 'pattern_1'];

mkdirSync(join(out, 'phantoms'), { recursive: true });
mkdirSync(join(out, 'reference-maps'), { recursive: true });
for (const p of PHANTOMS) copyFileSync(join(source, 'digital_phantom/nifti', p, 'image', `${p}.nii.gz`), join(out, 'phantoms', `${p}.nii.gz`));
copyFileSync(join(source, 'digital_phantom/LICENSE.md'), join(out, 'phantoms', 'LICENSE.md'));
copyFileSync(join(source, 'reference_data/LICENSE'), join(out, 'reference-maps', 'LICENSE'));
copyFileSync(join(source, 'reference_data/reference_feature_values/reference_values.csv'), join(out, 'reference_values.csv'));

const index: Record<string, { shape: readonly number[]; min: number; max: number; sha256: string }> = {};
const dir = join(source, 'reference_data/reference_response_maps');
for (const file of readdirSync(dir).filter((f) => f.endsWith('-ValidCRM.nii')).sort()) {
  const test = file.replace('-ValidCRM.nii', '');
  const bytes = readFileSync(join(dir, file));
  const v = readNifti(new Uint8Array(bytes));
  const data = v.voxels.data as ArrayLike<number>;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  const range = max - min;
  const codes = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) codes[i] = range > 0 ? Math.round(((data[i] - min) / range) * 65535) : 0;
  writeFileSync(join(out, 'reference-maps', `${test}.u16.gz`), gzip(new Uint8Array(codes.buffer)));
  index[test] = { shape: v.shape, min, max, sha256: sha256Hex(new Uint8Array(bytes)) };
}
writeFileSync(join(out, 'reference-maps.json'), `${JSON.stringify(index, null, 1)}\n`);
console.log(`${Object.keys(index).length} maps written to ${out}`);
