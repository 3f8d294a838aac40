/**
 * NRRD variants of the IBSI digital phantom (fixtures/nrrd-digital-phantom, scripts/make-nrrd-fixtures.ts):
 * raw, gzip, RAS oblique big endian and a detached header all give the NIfTI voxels, the written geometry,
 * and every digital-phantom reference value.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compare } from '../../scripts/ibsi-compliance.js';
import { NRRD_OBLIQUE } from '../../scripts/nrrd-fixture-spec.js';
import { checkSameGeometry, extract } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';
import { referenceRows } from '../helpers/reference.js';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const nifti = readVolume(join(FIX, 'ibsi1-digital-phantom/phantom.nii.gz'));
const niftiMask = readVolume(join(FIX, 'ibsi1-digital-phantom/mask.nii.gz'));

describe.each(['raw.nrrd', 'gzip.nrrd', 'nhdr', 'ras-oblique.be.nrrd'])('digital phantom as NRRD (%s)', (variant) => {
  const image = readVolume(join(FIX, `nrrd-digital-phantom/phantom.${variant}`));
  const mask = readVolume(join(FIX, `nrrd-digital-phantom/mask.${variant}`));

  test('readVolume gives the NIfTI voxels', () => {
    expect([...image.voxels.data]).toEqual([...nifti.voxels.data]);
    expect([...mask.voxels.data]).toEqual([...niftiMask.voxels.data]);
  });

  test('readVolume gives the written geometry (LPS)', () => {
    image.spacing.forEach((s) => expect(s).toBeCloseTo(2, 9));
    if (variant.startsWith('ras-oblique')) {
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(image.direction[3 * r + c]).toBeCloseTo(NRRD_OBLIQUE.lpsAxes[c][r], 9);
      image.origin.forEach((o, k) => expect(o).toBe(NRRD_OBLIQUE.lpsOrigin[k]));
      checkSameGeometry(image, mask);
    } else {
      checkSameGeometry(nifti, image);
    }
  });

  test('extract(preset ibsi1-digital-phantom) matches every digital-phantom reference row', () => {
    const result = extract(image, readMask(join(FIX, `nrrd-digital-phantom/mask.${variant}`), 1), {}, { preset: 'ibsi1-digital-phantom' });
    const rows = compare(result, referenceRows('digital_phantom'));
    expect(rows.filter((r) => !r.pass).map((r) => `${r.featureId ?? r.row.featureName} = ${r.value} vs ${r.row.value}`)).toEqual([]);
    expect(rows.length).toBe(482);
  });
});
