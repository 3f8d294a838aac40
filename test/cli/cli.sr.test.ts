/**
 * `radiomics extract ... --sr OUT.dcm` through the built CLI: the SR of the CT phantom (RTSTRUCT GTV-1,
 * IBSI configuration C) holds the same features as the JSON output, and those match every configuration C
 * reference row of IBSI; a SEG mask works the same way, and gives the same bytes run to run and with
 * --threads 2; inputs that are not DICOM are a UsageError and nothing is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { compare } from '../../scripts/ibsi-compliance.js';
import { readDicomSr } from '../../src/index.js';
import { referenceRows } from '../helpers/reference.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CT = join(ROOT, 'fixtures/ibsi1-ct-phantom/dicom');
const FIX = join(ROOT, 'fixtures/dicom');
const OUT = mkdtempSync(join(tmpdir(), 'radiomics-cli-sr-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('radiomics extract --sr', () => {
  test('CT phantom, RTSTRUCT GTV-1, --preset ibsi1-C: the SR holds the JSON features exactly, and they match every IBSI configuration C reference row', () => {
    const sr = join(OUT, 'ct.dcm');
    const r = radiomics('extract', '--image', join(CT, 'image'), '--mask', join(CT, 'mask/DCM_RS_00060.dcm'), '--roi', 'GTV-1', '--preset', 'ibsi1-C', '--format', 'json', '--sr', sr);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const back = readDicomSr(new Uint8Array(readFileSync(sr)), sr);
    expect(back.features).toEqual(result.features);
    expect(back.groups[0].trackingIdentifier).toBe('GTV-1');
    const rows = compare({ ...result, features: back.features }, referenceRows('C'));
    expect(rows.length).toBe(209);
    expect(rows.filter((c) => !c.pass).map((c) => `${c.featureId ?? c.row.featureName} = ${c.value} vs ${c.row.value}`)).toEqual([]);
  }, 120_000);

  test('SEG mask: --mask seg-two-segments.dcm --segment necrosis writes the SR of segment 2', () => {
    const sr = join(OUT, 'seg.dcm');
    const r = radiomics('extract', '--image', join(FIX, 'axial-shuffled'), '--mask', join(FIX, 'seg-two-segments.dcm'), '--segment', 'necrosis', '--preset', 'ibsi1-digital-phantom', '--sr', sr, '--out', join(OUT, 'seg.json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const back = readDicomSr(new Uint8Array(readFileSync(sr)));
    expect(back.groups[0].segmentation).toMatchObject({ kind: 'SEG', segmentNumber: 2 });
    expect(back.features).toEqual(JSON.parse(readFileSync(join(OUT, 'seg.json'), 'utf8')).features);
    // Run to run and on any thread count: the same bytes (UIDs and content date derived from the inputs).
    const again = join(OUT, 'seg-again.dcm');
    const r2 = radiomics('extract', '--image', join(FIX, 'axial-shuffled'), '--mask', join(FIX, 'seg-two-segments.dcm'), '--segment', '2', '--preset', 'ibsi1-digital-phantom', '--sr', again, '--threads', '2', '--out', join(OUT, 'seg-again.json'));
    expect(r2.code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(sr))).toBe(true);
  }, 60_000);

  test.each([
    ['a NIfTI mask', ['--image', join(CT, 'image'), '--mask', join(ROOT, 'fixtures/ibsi1-ct-phantom/mask.nii.gz')], /UsageError: --sr needs an RTSTRUCT or DICOM-SEG mask .*mask\.nii\.gz is not DICOM/],
    ['a NIfTI image', ['--image', join(ROOT, 'fixtures/ibsi1-ct-phantom/image.nii.gz'), '--mask', join(CT, 'mask/DCM_RS_00060.dcm'), '--roi', 'GTV-1'], /UsageError: --sr needs a DICOM image series .*image\.nii\.gz is not DICOM/],
  ])('--sr with %s exits 2 with a UsageError and writes nothing', (_what, args, message) => {
    const sr = join(OUT, 'never.dcm');
    const r = radiomics('extract', ...args, '--sr', sr);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(sr)).toBe(false);
  });
});
