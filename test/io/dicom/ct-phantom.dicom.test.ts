/**
 * The IBSI 1 CT phantom (PAT1) read from its DICOM series and RTSTRUCT, against its NIfTI version:
 * same voxels and geometry; the rasterised GTV-1 against the NIfTI mask (Dice, differing voxels);
 * configuration C features from DICOM + RTSTRUCT against every reference row (IBSI 1 manual tables).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { dicomComplianceSet, maskAgreement } from '../../../scripts/ibsi-compliance.js';
import { checkSameGeometry, listRtstructRois } from '../../../src/index.js';
import { readDicomSeries, readRtstructMask, readVolume } from '../../../src/node.js';
import { readFileSync } from 'node:fs';

const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/ibsi1-ct-phantom/${p}`, import.meta.url));
const RS = fixture('dicom/mask/DCM_RS_00060.dcm');

describe('IBSI CT phantom: DICOM series vs NIfTI', () => {
  const dicom = readDicomSeries(fixture('dicom/image'));
  const nifti = readVolume(fixture('image.nii.gz'));

  test('readDicomSeries(dicom/image) has the NIfTI shape, spacing, origin and direction', () => {
    expect(dicom.shape).toEqual([204, 201, 60]);
    expect(() => checkSameGeometry(nifti, dicom)).not.toThrow();
    for (let k = 0; k < 3; k++) {
      expect(dicom.spacing[k]).toBeCloseTo(nifti.spacing[k], 6);
      expect(dicom.origin[k]).toBeCloseTo(nifti.origin[k], 4);
    }
    expect([...dicom.direction]).toEqual([...nifti.direction]);
  });

  test('readDicomSeries(dicom/image) has the NIfTI voxel values (HU after rescale), every one', () => {
    const a = dicom.voxels.data;
    const b = nifti.voxels.data;
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing).toBe(0);
  });

  test('acquisition metadata: modality, manufacturer, model, slice thickness, pixel spacing, UIDs', () => {
    expect(dicom.acquisition).toMatchObject({ modality: 'CT', manufacturer: 'CMS, Inc.', model: 'CERR', sliceThickness: 3, pixelSpacing: [0.97699999809265, 0.97699999809265], convolutionKernel: null });
    expect(dicom.acquisition?.frameOfReferenceUid).toBe('1.3.6.1.4.1.9590.100.1.2.43753750011518494101799896492065629048');
  });

  test('listRtstructRois(RS) lists GTV-1 with 26 contours', () => {
    expect(listRtstructRois(new Uint8Array(readFileSync(RS)))).toEqual([
      { number: 1, name: 'GTV-1', frameOfReferenceUid: '1.3.6.1.4.1.9590.100.1.2.43753750011518494101799896492065629048', contours: 26 },
    ]);
  });

  test('readRtstructMask(RS, GTV-1) agrees with the NIfTI mask voxel for voxel (Dice 1, 0 differing of 125256)', () => {
    const mask = readRtstructMask(RS, dicom, 'GTV-1');
    const agreement = maskAgreement(mask.volume.voxels.data, readVolume(fixture('mask.nii.gz')).voxels.data);
    console.info(`GTV-1 RTSTRUCT vs NIfTI mask: ${agreement.a} vs ${agreement.b} voxels, ${agreement.differing} differing, Dice ${agreement.dice}`);
    expect(agreement.b).toBe(125256);
    expect(agreement.differing).toBe(0);
    expect(agreement.dice).toBe(1);
  });
});

describe('IBSI CT phantom, configuration C from DICOM + RTSTRUCT', () => {
  const set = dicomComplianceSet();

  test('209 reference rows with a value', () => {
    console.info(`configuration C from DICOM + RTSTRUCT: ${set.rows.filter((r) => r.pass).length} / ${set.total} rows matched`);
    expect(set.total).toBe(209);
  });

  test.each(set.rows.map((c) => [`${c.featureId ?? `${c.row.featureName} (not computed)`} [${c.row.ibsi}] = ${c.row.value} (tol ${c.row.tolerance})`, c] as const))('%s', (_t, c) => {
    expect(c.featureId, `no computed feature for ${c.row.family} / ${c.row.featureName}`).not.toBeNull();
    expect(c.pass, `${c.featureId} = ${c.value}, reference ${c.row.value} +- ${c.row.tolerance}`).toBe(true);
  });

  test.each(set.diagnostics.map((d) => [`diagnostic ${d.stage} / ${d.featureName} = ${d.reference} (tol ${d.tolerance})`, d] as const))('%s', (_t, d) => {
    expect(d.pass, `${d.featureName} = ${d.value}, reference ${d.reference} +- ${d.tolerance}`).toBe(true);
  });
});
