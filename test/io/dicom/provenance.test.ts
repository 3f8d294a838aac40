/**
 * Acquisition metadata travels from the DICOM reader into extract()'s provenance, and is null for
 * formats without it (NIfTI).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { extract } from '../../../src/index.js';
import { readDicomSeries, readMask, readSegMask, readVolume } from '../../../src/node.js';

const FIX = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

test('extract(DICOM series, SEG mask).provenance.image.acquisition is the series acquisition metadata', () => {
  const image = readDicomSeries(join(FIX, 'dicom/axial-shuffled'));
  const mask = readSegMask(join(FIX, 'dicom/seg-two-segments.dcm'), image, 1);
  const result = extract(image, mask, {}, { preset: 'ibsi1-digital-phantom' });
  expect(result.provenance.image.acquisition).toEqual(image.acquisition);
  expect(result.provenance.image.acquisition).toMatchObject({ modality: 'MR', magneticFieldStrength: 3, repetitionTime: 2300 });
});

test('extract(NIfTI).provenance.image.acquisition is null', () => {
  const dir = join(FIX, 'ibsi1-digital-phantom');
  const result = extract(readVolume(join(dir, 'phantom.nii.gz')), readMask(join(dir, 'mask.nii.gz')), {}, { preset: 'ibsi1-digital-phantom' });
  expect(result.provenance.image.acquisition).toBeNull();
});
