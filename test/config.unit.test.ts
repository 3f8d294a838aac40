import { describe, expect, test } from 'vitest';
import { DEFAULTS, isRadiomicsError, resolveConfig } from '../src/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isRadiomicsError(e) ? e.code : 'not a RadiomicsError';
  }
  return undefined;
}

describe('resolveConfig', () => {
  test('resolveConfig() returns the frozen defaults', () => {
    const c = resolveConfig();
    expect(c).toEqual(DEFAULTS);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.glcm.aggregations)).toBe(true);
  });

  test('resolveConfig({ glcm: { distance: 2 } }) keeps the other glcm defaults', () => {
    const c = resolveConfig({ glcm: { distance: 2 } });
    expect(c.glcm).toEqual({ aggregations: ['3D_average', '3D_merged'], distance: 2, pyradiomicsDistances: null, symmetric: true, weightingNorm: null });
  });

  test('resolveConfig({ glcm: { distnce: 2 } }) is UnknownConfigKey suggesting glcm.distance', () => {
    try {
      resolveConfig({ glcm: { distnce: 2 } });
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, 'UnknownConfigKey')).toBe(true);
      expect((e as Error).message).toBe('unknown config key "glcm.distnce"; did you mean "glcm.distance"?');
    }
  });

  test('resolveConfig({ discretisaton: {} }) names the nearest top-level key', () => {
    expect(() => resolveConfig({ discretisaton: {} })).toThrow(/did you mean "discretisation"/);
  });

  test('resolveConfig switches the discretisation method and checks its keys', () => {
    expect(resolveConfig({ discretisation: { method: 'fixedBinSize', width: 25 } }).discretisation).toEqual({ method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'ibsi' });
    expect(codeOf(() => resolveConfig({ discretisation: { method: 'fixedBinSize', bins: 4 } }))).toBe('UnknownConfigKey');
    expect(codeOf(() => resolveConfig({ discretisation: { method: 'fixedBinSize' } }))).toBe('InvalidConfig');
    expect(codeOf(() => resolveConfig({ discretisation: { method: 'equalProbability' } }))).toBe('InvalidConfig');
  });

  test.each([
    [{ discretisation: { bins: 0 } }],
    [{ discretisation: { bins: 2.5 } }],
    [{ glcm: { distance: -1 } }],
    [{ ngldm: { alpha: 0.5 } }],
    [{ glcm: { aggregations: ['3D'] } }],
    [{ glszm: { aggregations: [] } }],
    [{ families: ['glcm', 'glcn'] }],
    [{ limits: { maxMatrixBytes: 'big' } }],
    [[1, 2]],
    [null],
  ])('resolveConfig(%j) is InvalidConfig', (input) => {
    expect(codeOf(() => resolveConfig(input))).toBe('InvalidConfig');
  });

  test('lists come back in canonical order without duplicates', () => {
    expect(resolveConfig({ families: ['glcm', 'stat', 'glcm'] }).families).toEqual(['stat', 'glcm']);
  });

  test('resolveConfig({}, "ibsi1-digital-phantom") applies the preset', () => {
    const c = resolveConfig({}, 'ibsi1-digital-phantom');
    expect(c.discretisation).toEqual({ method: 'fixedBinSize', width: 1, lowerBound: null, binning: 'ibsi' });
    expect(c.ivhDiscretisation).toEqual({ method: 'none' });
    expect(c.glcm.aggregations).toHaveLength(6);
  });

  test('an unknown preset is UnknownPreset', () => {
    expect(codeOf(() => resolveConfig({}, 'ibsi9'))).toBe('UnknownPreset');
  });

  test('a resolved config resolves to itself', () => {
    const c = resolveConfig({ glcm: { distance: 3 } }, 'ibsi1-digital-phantom');
    expect(resolveConfig(c)).toEqual(c);
  });
});
