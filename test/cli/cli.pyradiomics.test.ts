/**
 * `radiomics extract --pyradiomics-params` on a real MRI (fixtures/mri-samples, PyRadiomics' brain1) with
 * an exampleMR-style parameter file (normalize, resampling, binWidth): it runs, warns on stderr about each
 * setting it could not map, records the mapping in the result, and names agreeing columns PyRadiomics' way.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMAGE = join(ROOT, 'fixtures/mri-samples/nifti/brain1_image.nii.gz');
const MASK = join(ROOT, 'fixtures/mri-samples/nifti/brain1_label.nii.gz');
const PARAMS = join(ROOT, 'fixtures/pyradiomics/mr-3mm.params.yaml');

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('radiomics extract --pyradiomics-params', () => {
  test('the MR example runs with nothing unmapped: LoG and PyRadiomics\' Wavelet images are extracted, voxelArrayShift applies in compat mode', () => {
    const r = radiomics('extract', '--image', IMAGE, '--mask', MASK, '--pyradiomics-params', PARAMS, '--column-names', 'pyradiomics');
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('');

    const result = JSON.parse(r.stdout);
    expect(result.provenance.config.normalisation).toEqual({ method: 'zscore', region: 'image', scale: 100, clip: null });
    expect(result.provenance.config.resampling.spacing).toEqual([2, 2, 2]);
    expect(result.provenance.config.discretisation).toMatchObject({ method: 'fixedBinSize', width: 5, binning: 'pyradiomics' });
    expect(result.provenance.config.imageTypes).toHaveLength(13);
    expect(result.provenance.pyradiomics.unsupported).toEqual([]);
    expect([result.provenance.config.compat, result.provenance.config.voxelArrayShift]).toEqual(['pyradiomics', 300]);
    const ids: string[] = result.features.map((f: { id: string }) => f.id);
    expect(ids).toContain('original_glcm_JointAverage');
    expect(ids).toContain('original_shape_Sphericity');
    expect(ids).toContain('original_firstorder_Mean'); // normalizeScale applied: PyRadiomics' intensity scale, PyRadiomics' name
    expect(ids).not.toContain('stat.energy'); // IBSI energy (unshifted): PyRadiomics does not compute it, so neither does the mapping (config features)
    expect(ids.every((id) => !id.includes('.'))).toBe(true); // every column a PyRadiomics one
    expect(ids).toContain('original_firstorder_Energy'); // stat.energyPyradiomics, with voxelArrayShift 300
    expect(ids).toContain('log-sigma-2-0-mm-3D_firstorder_Mean');
    expect(ids).toContain('wavelet-HHH_glcm_JointAverage');
    expect(result.features.find((f: { id: string }) => f.id === 'original_glcm_JointAverage').value).toBeGreaterThan(1);
  });

  test('--pyradiomics-params with --config is a usage error (exit 2)', () => {
    const r = radiomics('extract', '--image', IMAGE, '--mask', MASK, '--pyradiomics-params', PARAMS, '--config', PARAMS);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^radiomics: UsageError: /);
  });

  test('--column-names other is a usage error', () => {
    const r = radiomics('extract', '--image', IMAGE, '--mask', MASK, '--column-names', 'other');
    expect(r.code).toBe(2);
  });
});
