import { describe, expect, test } from 'vitest';
import { isRadiomicsError, resolveConfig } from '../../src/index.js';
import { discretise } from '../../src/preprocess/discretise.js';

const levels = (values: number[], d: Parameters<typeof discretise>[1], resegMin: number | null = null) =>
  Array.from(discretise(Float64Array.from(values), d, resegMin).levels);

describe('fixed bin number (IBSI K15C)', () => {
  test('N_g bins over [min, max]; the maximum goes into bin N_g, not N_g + 1', () => {
    // min 0, max 8, N_g 4: floor(4 x / 8) + 1 -> 0..1.99 -> 1, 2..3.99 -> 2, 4 -> 3, 6 -> 4, 8 -> 5 clipped to 4.
    expect(levels([0, 1.99, 2, 4, 6, 8], { method: 'fixedBinNumber', bins: 4 })).toEqual([1, 1, 2, 3, 4, 4]);
  });
  test('a constant ROI is one bin, N_g still the configured count', () => {
    const d = discretise(Float64Array.from([5, 5, 5]), { method: 'fixedBinNumber', bins: 16 });
    expect(Array.from(d.levels)).toEqual([1, 1, 1]);
    expect(d.nBins).toBe(16);
  });
});

describe('fixed bin size (IBSI Q3RU)', () => {
  test('bins start at the ROI minimum by default; an edge value opens the next bin', () => {
    // X_min 3, w 25: 3 -> 1, 27.999 -> 1, 28 -> 2 (edge), 53 -> 3.
    expect(levels([3, 27.999, 28, 53], { method: 'fixedBinSize', width: 25, lowerBound: null })).toEqual([1, 1, 2, 3]);
  });
  test('the re-segmentation lower bound is X_min when no explicit bound is given (IBSI config A: -500 HU)', () => {
    expect(levels([-500, -476, -475, 400], { method: 'fixedBinSize', width: 25, lowerBound: null }, -500)).toEqual([1, 1, 2, 37]);
  });
  test('an explicit lower bound wins over the re-segmentation bound', () => {
    expect(levels([0, 10], { method: 'fixedBinSize', width: 10, lowerBound: -10 }, 0)).toEqual([2, 3]);
  });
  test('a lower bound above an ROI value is InvalidConfig naming the key', () => {
    try {
      discretise(Float64Array.from([1, 2]), { method: 'fixedBinSize', width: 1, lowerBound: 5 });
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e) && e.code).toBe('InvalidConfig');
      expect((e as Error).message).toContain('discretisation.lowerBound');
    }
  });
  test('a width that would make more than 2^24 bins is MatrixTooLarge naming discretisation.width', () => {
    try {
      discretise(Float64Array.from([0, 1e9]), { method: 'fixedBinSize', width: 1e-3, lowerBound: null });
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e) && e.code).toBe('MatrixTooLarge');
      expect((e as Error).message).toContain('width');
    }
  });
});

describe('binning "pyradiomics" (zero-anchored bins; not IBSI)', () => {
  test('bins start at w * floor(min / w): min 3, w 25 -> edges 0, 25, 50', () => {
    // IBSI would start at 3: [1, 1, 1, 2]. PyRadiomics starts at 0: 3 -> 1, 24.9 -> 1, 25 -> 2, 51 -> 3.
    expect(levels([3, 24.9, 25, 51], { method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'pyradiomics' })).toEqual([1, 1, 2, 3]);
    expect(levels([3, 24.9, 25, 51], { method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'ibsi' })).toEqual([1, 1, 1, 2]);
  });
  test('negative minimum: min -7, w 25 -> first edge -25 (Python floor-modulo)', () => {
    expect(levels([-7, 0, 17.9, 18], { method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'pyradiomics' })).toEqual([1, 2, 2, 2]);
  });
  test('ignores the re-segmentation lower bound, as PyRadiomics does', () => {
    // min -480 -> first edge -500 (not the re-segmentation bound -512): -480 -> 1, 0 -> 500 / 25 + 1 = 21.
    expect(levels([-480, 0], { method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'pyradiomics' }, -512)).toEqual([1, 21]);
  });
  test('config: binning defaults to ibsi; pyradiomics with an explicit lowerBound is InvalidConfig', () => {
    expect(resolveConfig({ discretisation: { method: 'fixedBinSize', width: 25 } }).discretisation).toEqual({ method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'ibsi' });
    expect(() => resolveConfig({ discretisation: { method: 'fixedBinSize', width: 25, lowerBound: 0, binning: 'pyradiomics' } })).toThrow(/lowerBound/);
    expect(() => resolveConfig({ discretisation: { method: 'fixedBinSize', width: 25, binning: 'numpy' as 'ibsi' } })).toThrow(/binning/);
  });
});
