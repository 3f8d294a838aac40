/**
 * Source warnings (src/sourceWarnings.ts) on real DICOM fixtures: LossyCompression for the lossy copies
 * of fixtures/dicom-compressed (with ratio and method from the file), none for lossless ones; NotQuantitative
 * for an MR series without Real World Value Mapping under fixed bin size, none with a mapping.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVolume, extract, type Volume } from '../src/index.js';
import { readDicomSeries, readDicomSeriesAsync } from '../src/node.js';

const COMPRESSED = fileURLToPath(new URL('../fixtures/dicom-compressed/', import.meta.url));
const QUANTITATIVE = fileURLToPath(new URL('../fixtures/dicom-quantitative/', import.meta.url));

/** A mask of the whole image but its first column (2 labels would need more; one box is enough). */
function boxMask(image: Volume) {
  const data = new Uint8Array(image.voxels.data.length).map((_, i) => (i % image.shape[0] === 0 ? 0 : 1));
  return { volume: createVolume({ data, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction }), label: 1 };
}

const codes = (image: Volume, config = {}) => extract(image, boxMask(image), { families: ['stat'], ...config }).warnings.map((w) => w.code);

describe('LossyCompression', () => {
  test('jpeg-baseline (dcmcjpeg, Lossy Image Compression 01): warned with the ratio and the method', async () => {
    const image = await readDicomSeriesAsync(join(COMPRESSED, 'jpeg-baseline'));
    const result = extract(image, boxMask(image), { families: ['stat'] });
    const w = result.warnings.find((x) => x.code === 'LossyCompression');
    expect(w?.message).toMatch(/JPEG Baseline \(Process 1\), ratio [\d.]+, method ISO_10918_1/);
    expect(result.provenance.image.acquisition?.pixelEncoding?.lossy).toBe(true);
  });

  test.each(['jpeg-ls-near-lossless', 'jpeg2000-lossy', 'htj2k-lossy'])('%s: warned', async (folder) => {
    expect(codes(await readDicomSeriesAsync(join(COMPRESSED, folder)))).toContain('LossyCompression');
  });

  test.each(['jpeg-lossless', 'jpeg-ls-lossless', 'jpeg2000-lossless', 'htj2k-lossless'])('%s: not warned', async (folder) => {
    expect(codes(await readDicomSeriesAsync(join(COMPRESSED, folder)))).not.toContain('LossyCompression');
  });
});

describe('NotQuantitative', () => {
  const fixedBinSize = { discretisation: { method: 'fixedBinSize', width: 5 } };
  test('plain MR (no Real World Value Mapping) with fixed bin size and no normalisation: warned', () => {
    expect(codes(readDicomSeries(join(QUANTITATIVE, 'plain-mr')), fixedBinSize)).toContain('NotQuantitative');
  });
  test('plain MR with fixed bin number (default): not warned', () => {
    expect(codes(readDicomSeries(join(QUANTITATIVE, 'plain-mr')))).not.toContain('NotQuantitative');
  });
  test('ADC MR with a Real World Value Mapping (mm2/s) and fixed bin size: not warned', () => {
    expect(codes(readDicomSeries(join(QUANTITATIVE, 'rwvm-adc-mr')), { discretisation: { method: 'fixedBinSize', width: 1e-5 } })).not.toContain('NotQuantitative');
  });
});
