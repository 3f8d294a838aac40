/**
 * extract() with the PyRadiomics settings that act on the ROI (compat and general config options):
 * roiChecks (PyRadiomics checkMask: minimumROIDimensions, minimumROISize), resegmentation.applyToMorphology
 * (resegmentShape), maskToImageGrid (correctMask) and geometryTolerance.
 */
import { describe, expect, test } from 'vitest';
import { createVolume, extract, isRadiomicsError, type ConfigInput } from '../src/index.js';

const SHAPE = [6, 6, 6] as const;
const n = SHAPE[0] * SHAPE[1] * SHAPE[2];
const image = createVolume({ data: Float32Array.from({ length: n }, (_, i) => (i * 37) % 11), shape: SHAPE, spacing: [1, 1, 1] });
/** A mask whose ROI is the voxels for which `inside(x, y, z)` holds. */
function mask(inside: (x: number, y: number, z: number) => boolean, spacing: readonly [number, number, number] = [1, 1, 1], origin: readonly [number, number, number] = [0, 0, 0]) {
  const data = new Uint8Array(n);
  for (let z = 0, i = 0; z < 6; z++) for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++, i++) data[i] = inside(x, y, z) ? 1 : 0;
  return { volume: createVolume({ data, shape: SHAPE, spacing, origin }), label: 1 };
}
function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return isRadiomicsError(e) ? e.code : String(e);
  }
}
const stat: ConfigInput = { families: ['stat'] };

describe('roiChecks (PyRadiomics minimumROIDimensions, minimumROISize)', () => {
  const flat = mask((x, y, z) => z === 2 && x >= 1 && x <= 4 && y >= 1 && y <= 4); // 16 voxels, 2 dimensions
  test('a flat (2D) ROI passes minimumDimensions 2 and is RoiTooSmall for 3', () => {
    expect(codeOf(() => extract(image, flat, { ...stat, roiChecks: { minimumDimensions: 2 } }))).toBeNull();
    expect(codeOf(() => extract(image, flat, { ...stat, roiChecks: { minimumDimensions: 3 } }))).toBe('RoiTooSmall');
  });
  test('minimumVoxels 16 passes 16 voxels, 17 is RoiTooSmall (PyRadiomics minimumROISize 15 and 16)', () => {
    expect(codeOf(() => extract(image, flat, { ...stat, roiChecks: { minimumVoxels: 16 } }))).toBeNull();
    expect(codeOf(() => extract(image, flat, { ...stat, roiChecks: { minimumVoxels: 17 } }))).toBe('RoiTooSmall');
  });
  test('checked again after re-segmentation: a range leaving one row is RoiTooSmall with minimumDimensions 2', () => {
    const cube = mask((x, y, z) => x >= 1 && x <= 4 && y >= 1 && y <= 4 && z >= 1 && z <= 4);
    // 100 everywhere but the row y = 2, z = 2, which holds 5: the range [0, 10] keeps that row (1 dimension).
    const rowImage = createVolume({ data: Float32Array.from({ length: n }, (_, i) => (Math.floor(i / 6) % 6 === 2 && Math.floor(i / 36) === 2 ? 5 : 100)), shape: SHAPE, spacing: [1, 1, 1] });
    expect(codeOf(() => extract(rowImage, cube, { ...stat, roiChecks: { minimumDimensions: 2 }, resegmentation: { range: [0, 10] } }))).toBe('RoiTooSmall');
    expect(codeOf(() => extract(rowImage, cube, { ...stat, roiChecks: { minimumDimensions: 1 }, resegmentation: { range: [0, 10] } }))).toBeNull();
  });
  test('null (default) keeps the IBSI behaviour: no size check beyond OneVoxelMask', () => {
    expect(codeOf(() => extract(image, mask((x, y, z) => z === 0 && y === 0 && x < 2), stat))).toBeNull();
    expect(codeOf(() => extract(image, mask((x, y, z) => z === 0 && y === 0 && x < 2), { ...stat, roiChecks: { minimumDimensions: 2 } }))).toBe('RoiTooSmall');
  });
});

describe('resegmentation.applyToMorphology (PyRadiomics resegmentShape)', () => {
  test('morph volume counts the re-segmented voxels only when true', () => {
    const cube = mask((x, y, z) => x >= 1 && x <= 4 && y >= 1 && y <= 4 && z >= 1 && z <= 4);
    const volumeOf = (applyToMorphology: boolean) =>
      extract(image, cube, { families: ['morph'], resegmentation: { range: [0, 5], applyToMorphology } }).features.find((f) => f.id === 'morph.approximateVolume')?.value;
    const kept = extract(image, cube, { families: ['stat'], resegmentation: { range: [0, 5] } }).provenance.roi.intensityVoxels;
    expect(volumeOf(false)).toBe(64);
    expect(volumeOf(true)).toBe(kept);
    expect(kept).toBeLessThan(64);
  });
});

describe('maskToImageGrid (PyRadiomics correctMask) and geometryTolerance', () => {
  const inner = (x: number, y: number, z: number) => x >= 1 && x <= 4 && y >= 1 && y <= 4 && z >= 1 && z <= 4;
  test('a mask shifted by a whole voxel is GeometryMismatch, or resampled onto the image grid with maskToImageGrid', () => {
    // Mask origin +1 mm in x: mask voxel (x, y, z) sits on image voxel (x + 1, y, z).
    const shifted = mask(inner, [1, 1, 1], [1, 0, 0]);
    expect(codeOf(() => extract(image, shifted, stat))).toBe('GeometryMismatch');
    const r = extract(image, shifted, { ...stat, maskToImageGrid: true });
    const direct = extract(image, mask((x, y, z) => inner(x - 1, y, z)), stat);
    expect(r.features).toEqual(direct.features);
  });
  test('an ROI reaching outside the image is refused even with maskToImageGrid (PyRadiomics _checkROI)', () => {
    const out = mask((x, y, z) => x === 5 && y === 2 && z === 2 ? true : inner(x, y, z), [1, 1, 1], [1, 0, 0]);
    expect(codeOf(() => extract(image, out, { ...stat, maskToImageGrid: true }))).toBe('GeometryMismatch');
  });
  test('geometryTolerance: a 1e-3 relative spacing difference passes at 1e-2 and fails at the default 1e-4', () => {
    const off = mask(inner, [1.001, 1, 1]);
    expect(codeOf(() => extract(image, off, stat))).toBe('GeometryMismatch');
    expect(codeOf(() => extract(image, off, { ...stat, geometryTolerance: 1e-2 }))).toBeNull();
  });
});
