/**
 * `radiomics maps` on a real MRI (fixtures/mri-samples, PyRadiomics' brain1, label 1): the maps are read
 * back with an independent NIfTI parser (nifti-reader-js) and with ours, on the image's grid; values are
 * extractMaps' (as float32), NaN outside the ROI; --out-dir appears whole or not at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { describe, expect, test } from 'vitest';
import { extractMaps, parsePyradiomicsParams } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMAGE = join(ROOT, 'fixtures/mri-samples/nifti/brain1_image.nii.gz');
const MASK = join(ROOT, 'fixtures/mri-samples/nifti/brain1_label.nii.gz');
const PARAMS = join(ROOT, 'fixtures/pyradiomics/voxel-r2.params.yaml');

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('radiomics maps', () => {
  test('--pyradiomics-params with voxelSetting kernelRadius 2 and --column-names pyradiomics: one float32 NIfTI per feature on the image grid, and provenance.json', () => {
    const parent = mkdtempSync(join(tmpdir(), 'maps-'));
    const out = join(parent, 'brain1-maps');
    const r = radiomics('maps', '--image', IMAGE, '--mask', MASK, '--pyradiomics-params', PARAMS, '--column-names', 'pyradiomics', '--features', 'glcm.jointAverage.3D_average.d1,stat.mean,ngtdm.coarseness.3D.d1', '--out-dir', out);
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.code).toBe(0);
    expect(readdirSync(parent)).toEqual(['brain1-maps']); // no temporary folder left
    expect(readdirSync(out).sort()).toEqual(['original_firstorder_Mean.nii.gz', 'original_glcm_JointAverage.nii.gz', 'original_ngtdm_Coarseness.nii.gz', 'provenance.json']);

    const image = readVolume(IMAGE);
    const mask = readMask(MASK, 1);
    const params = parsePyradiomicsParams(readFileSync(PARAMS, 'utf8'));
    expect(params.maps).toEqual({ kernelRadius: 2, maskedKernel: true, outsideValue: NaN });
    const maps = extractMaps(image, mask, { ...params.config, families: ['stat', 'glcm'] }, { kernelRadius: 2, features: ['glcm.jointAverage.3D_average.d1'] });
    const want = maps.maps[0];

    const bytes = gunzipSync(readFileSync(join(out, 'original_glcm_JointAverage.nii.gz')));
    const h = nifti.readHeader(toArrayBuffer(bytes));
    expect(h.datatypeCode).toBe(16); // float32
    expect(h.dims.slice(1, 4).map(Number)).toEqual([...image.shape]);
    expect(h.pixDims.slice(1, 4).map((v: number) => Math.fround(v))).toEqual(image.spacing.map((v) => Math.fround(v)));
    const values = new Float32Array(nifti.readImage(h, toArrayBuffer(bytes)));
    const roi = mask.volume.voxels.data as ArrayLike<number>;
    let k = 0;
    for (let i = 0; i < values.length; i++) {
      if (roi[i] === 1) {
        expect(maps.voxels[k]).toBe(i);
        expect(values[i]).toBe(Math.fround(want.values[k++]));
      } else if (!Number.isNaN(values[i])) expect.fail(`voxel ${i} outside the ROI is ${values[i]}, not NaN`);
    }
    expect(k).toBe(4137);

    const back = readVolume(join(out, 'original_glcm_JointAverage.nii.gz'));
    expect(back.shape).toEqual(image.shape);
    for (let a = 0; a < 3; a++) {
      expect(back.spacing[a]).toBeCloseTo(image.spacing[a], 5);
      expect(back.origin[a]).toBeCloseTo(image.origin[a], 3);
    }
    for (let a = 0; a < 9; a++) expect(back.direction[a]).toBeCloseTo(image.direction[a], 5);

    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(prov.maps).toMatchObject({ kernelRadius: 2, maskedKernel: true, outsideValue: 'NaN', roiVoxels: 4137 });
    expect(prov.maps.files.map((f: { id: string; file: string }) => [f.id, f.file])).toContainEqual(['glcm.jointAverage.3D_average.d1', 'original_glcm_JointAverage.nii.gz']);
    expect(prov.config.discretisation).toMatchObject({ method: 'fixedBinSize', width: 25 });
    expect(prov.pyradiomics.file).toBe(PARAMS);
    expect(prov.image.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a non-empty --out-dir is a WriteFailed error before any work; nothing is changed', () => {
    const out = mkdtempSync(join(tmpdir(), 'maps-'));
    writeFileSync(join(out, 'keep.txt'), 'x');
    const r = radiomics('maps', '--image', IMAGE, '--mask', MASK, '--kernel-radius', '1', '--family', 'stat', '--out-dir', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: WriteFailed: .*not empty/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  test('--family morph is UnsupportedMap (exit 1) and writes nothing', () => {
    const parent = mkdtempSync(join(tmpdir(), 'maps-'));
    const r = radiomics('maps', '--image', IMAGE, '--mask', MASK, '--kernel-radius', '1', '--family', 'morph,stat', '--out-dir', join(parent, 'out'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^radiomics: UnsupportedMap: /);
    expect(readdirSync(parent)).toEqual([]);
  });

  test('without --kernel-radius (and no kernelRadius in a parameter file) it is a usage error', () => {
    const parent = mkdtempSync(join(tmpdir(), 'maps-'));
    const r = radiomics('maps', '--image', IMAGE, '--mask', MASK, '--out-dir', join(parent, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kernel-radius/);
    expect(existsSync(join(parent, 'out'))).toBe(false);
  });
});
