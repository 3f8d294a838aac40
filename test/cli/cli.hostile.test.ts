/**
 * Hostile input through the built CLI (issue 19): what used to come out as InternalError ("a bug") is a
 * one-line CorruptFile / InvalidConfig naming the file, exit 1, and --out is not written.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { withNestedSequence } from '../fuzz/mutators.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = join(ROOT, 'fixtures/dicom');

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('radiomics extract on hostile files', () => {
  test('a DICOM slice with 100,000 nested sequences is "radiomics: CorruptFile: <file>: cannot parse DICOM: nesting too deep", not InternalError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radiomics-hostile-'));
    const series = join(dir, 'series');
    cpSync(join(FIX, 'axial-shuffled'), series, { recursive: true });
    const slice = new Uint8Array(readFileSync(join(series, 'slice-a.dcm')));
    writeFileSync(join(series, 'slice-a.dcm'), withNestedSequence(slice, 100_000, true));
    const out = join(dir, 'out.csv');
    const r = radiomics('extract', '--image', series, '--mask', join(series, 'rtstruct.dcm'), '--roi', 'ring', '--out', out);
    expect(r.stderr).toMatch(/^radiomics: CorruptFile: .*slice-a\.dcm: cannot parse DICOM: nesting too deep \(stack overflow\)\n$/);
    expect(r.stderr).not.toMatch(/InternalError/);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  test('a YAML config that contains itself is one line of InvalidConfig naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radiomics-hostile-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'families: &f [stat, *f]\n');
    const image = join(ROOT, 'fixtures/ibsi1-digital-phantom/phantom.nii.gz');
    const mask = join(ROOT, 'fixtures/ibsi1-digital-phantom/mask.nii.gz');
    const r = radiomics('extract', '--image', image, '--mask', mask, '--config', config);
    expect(r.stderr).toMatch(/^radiomics: InvalidConfig: .*config\.yaml: the document contains itself/);
    expect(r.code).toBe(1);
  });
});
