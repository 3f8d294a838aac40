import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FAMILIES, PYRADIOMICS_FEATURES, extract, isRadiomicsError, parsePyradiomicsParams, pyradiomicsColumnNames, withPyradiomicsNames } from '../src/index.js';
import { phantomImage, phantomMaskVolume } from './helpers/digital-phantom.js';

const MR = readFileSync(new URL('../fixtures/pyradiomics/mr-3mm.params.yaml', import.meta.url), 'utf8');
const keys = (issues: readonly { key: string }[]) => issues.map((i) => i.key);

describe('parsePyradiomicsParams(exampleMR-style file)', () => {
  const p = parsePyradiomicsParams(MR, { file: 'mr-3mm.params.yaml' });

  test('normalize + normalizeScale 100 -> z-score over the whole image times 100; resampledPixelSpacing + sitkBSpline -> cubic to 2 mm, nearest mask', () => {
    expect(p.config.normalisation).toEqual({ method: 'zscore', region: 'image', scale: 100, clip: null });
    expect(p.config.resampling).toEqual({ spacing: [2, 2, 2], interpolator: 'cubic', roundIntensities: false, maskInterpolator: 'nearest', partialVolumeThreshold: 0.5, grid: 'pyradiomics', padDistance: 5 });
  });

  test('binWidth 5 (on the scaled intensities, as PyRadiomics) -> fixed bin size 5 with PyRadiomics bin anchoring', () => {
    expect(p.config.discretisation).toEqual({ method: 'fixedBinSize', width: 5, lowerBound: null, binning: 'pyradiomics' });
  });

  test('featureClass -> families; PyRadiomics default aggregation (3D_average, 3D) and distance 1', () => {
    expect(p.config.families).toEqual(['morph', 'stat', 'ih', 'glcm', 'glrlm', 'glszm', 'ngldm']);
    expect(p.config.glcm).toEqual({ aggregations: ['3D_average'], distance: 1, pyradiomicsDistances: null, symmetric: true, weightingNorm: null });
    expect(p.config.glszm.aggregations).toEqual(['3D']);
    expect(p.label).toBe(1);
  });

  test('maps every setting; voxelArrayShift 300 -> compat pyradiomics with voxelArrayShift 300 (PyRadiomics Energy, TotalEnergy, RMS)', () => {
    expect(keys(p.unsupported)).toEqual([]);
    expect([p.config.compat, p.config.voxelArrayShift, p.naming.compat]).toEqual(['pyradiomics', 300, 'pyradiomics']);
  });

  test('LoG sigma [2.0, 3.0, 4.0, 5.0] and Wavelet {} -> the original, 4 recursive (ITK) LoG and PyRadiomics\' 8 coif1 level-1 stationary wavelet image types, named as PyRadiomics', () => {
    expect(p.config.imageTypes.map((t) => (t.type === 'recursiveLog' ? `log ${t.sigma} ${t.name}` : t.type === 'swt' ? `${t.wavelet} ${t.decomposition} ${t.level} ${t.name}` : t.type))).toEqual([
      'original', 'log 2 log-sigma-2-0-mm-3D', 'log 3 log-sigma-3-0-mm-3D', 'log 4 log-sigma-4-0-mm-3D', 'log 5 log-sigma-5-0-mm-3D',
      ...['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'].map((d) => `coif1 ${d} 1 wavelet-${d}`),
    ]);
  });

  test('notes the filter mappings, the GLCM feature list (every GLCM feature is computed), normalize and resampling caveats', () => {
    expect(keys(p.notes)).toEqual(['imageType.LoG', 'imageType.Wavelet', 'featureClass.glcm', 'setting.normalize', 'setting.resampledPixelSpacing', 'setting.voxelArrayShift']);
    expect(p.notes[0].reason).toMatch(/LaplacianRecursiveGaussianImageFilter.*ITK 5\.2\.1/);
  });
});

describe('parsePyradiomicsParams: every key is mapped or reported', () => {
  test('an empty file gives PyRadiomics defaults: binWidth 25, no normalisation, no resampling, all seven classes', () => {
    const p = parsePyradiomicsParams('');
    expect(p.config.discretisation).toEqual({ method: 'fixedBinSize', width: 25, lowerBound: null, binning: 'pyradiomics' });
    expect(p.config.normalisation).toEqual({ method: 'none' });
    expect(p.config.resampling).toBeNull();
    expect(p.config.families).toEqual(['morph', 'stat', 'ih', 'glcm', 'glrlm', 'glszm', 'ngtdm', 'ngldm']);
    expect(p.unsupported).toEqual([]);
  });

  test('each known setting lands in the config, in unsupported or in notes', () => {
    const settings: Record<string, unknown> = {
      normalize: false, normalizeScale: 2, removeOutliers: 3, resampledPixelSpacing: [1, 1, 0], interpolator: 'sitkLinear', padDistance: 5, preCrop: true,
      resegmentRange: [-3, 3], resegmentMode: 'sigma', resegmentShape: true, minimumROIDimensions: 2, minimumROISize: 50, geometryTolerance: 1e-5, correctMask: true,
      enableCExtensions: true, additionalInfo: true, label: 2, label_channel: 1, binCount: 16, binWidth: 10, force2D: true, force2Ddimension: 1,
      weightingNorm: 'no_weighting', distances: [1, 2], voxelArrayShift: 0, symmetricalGLCM: false, gldm_a: 1, sigma: [1], wavelet: 'haar', kernelRadius: 2,
      force2DDimension: 0, notASetting: 1,
    };
    const p = parsePyradiomicsParams({ setting: settings });
    const reported = new Set([...keys(p.unsupported), ...keys(p.notes)]);
    const mapped = ['setting.normalize', 'setting.resampledPixelSpacing', 'setting.interpolator', 'setting.resegmentRange', 'setting.resegmentMode', 'setting.label', 'setting.binCount', 'setting.weightingNorm', 'setting.voxelArrayShift', 'setting.gldm_a'];
    const silent = Object.keys(settings).map((k) => `setting.${k}`).filter((k) => !reported.has(k) && !mapped.includes(k));
    expect(silent).toEqual([]);
    expect(p.config.resampling).toMatchObject({ spacing: [1, 1, 0], interpolator: 'linear', grid: 'pyradiomics' });
    expect(p.config.resegmentation).toEqual({ range: [-3, 3], outlierSigma: null, mode: 'sigma', applyToMorphology: true });
    expect(p.config.roiChecks).toEqual({ minimumDimensions: 2, minimumVoxels: 51 });
    expect(p.config.geometryTolerance).toBe(1e-5);
    expect(p.config.maskToImageGrid).toBe(true);
    expect(p.config.discretisation).toEqual({ method: 'fixedBinNumber', bins: 16 });
    expect(p.config.glcm).toEqual({ aggregations: ['2.5D_merged'], distance: 2, pyradiomicsDistances: [1, 2], symmetric: false, weightingNorm: 'no_weighting' });
    expect(p.config.ngldm).toEqual({ aggregations: ['2.5D'], distance: 2, alpha: 1 });
    expect(p.label).toBe(2);
    expect(p.unsupported.find((u) => u.key === 'setting.force2DDimension')?.reason).toContain('did you mean "force2Ddimension"');
    expect(keys(p.notes)).toEqual(expect.arrayContaining(['setting.sigma', 'setting.wavelet', 'setting.kernelRadius']));
    expect(p.maps).toEqual({ kernelRadius: 2, maskedKernel: true, outsideValue: NaN });
    expect(keys(p.unsupported).sort()).toEqual(['setting.force2DDimension', 'setting.force2Ddimension', 'setting.label_channel', 'setting.notASetting']);
    expect(keys(p.notes)).toEqual(expect.arrayContaining(['setting.resegmentShape', 'setting.minimumROISize', 'setting.symmetricalGLCM', 'setting.distances', 'setting.correctMask', 'setting.geometryTolerance', 'setting.minimumROIDimensions']));
  });

  test('unknown sections, unknown classes and unknown features are unsupported; TotalEnergy and Kurtosis are computed in compat mode', () => {
    const p = parsePyradiomicsParams('imageType: {Original: {binWidth: 10}, Square: {}}\nfeatureClass: {firstorder: [TotalEnergy, Kurtosis, Nope], gltdm: }\nvoxelSetting: {kernelRadius: 2}\nfoo: 1\n');
    expect(keys(p.unsupported)).toEqual(['foo', 'featureClass.firstorder.Nope', 'featureClass.gltdm']);
    expect(p.config.discretisation).toMatchObject({ width: 10 });
    expect(p.config.families).toEqual(['stat', 'ih']);
    expect(keys(p.notes)).not.toContain('featureClass.firstorder.Kurtosis');
    expect(p.config.compat).toBe('pyradiomics');
    expect(keys(p.notes)).toContain('voxelSetting.kernelRadius');
    expect(p.maps).toEqual({ kernelRadius: 2, maskedKernel: true, outsideValue: NaN });
  });

  test('voxel settings (in voxelSetting over setting) map to extractMaps options; a bad value is InvalidConfig', () => {
    const p = parsePyradiomicsParams('voxelSetting: {kernelRadius: 3, maskedKernel: false, initValue: 0, voxelBatch: 100}\nsetting: {kernelRadius: 1, binWidth: 25}\n');
    expect(p.maps).toEqual({ kernelRadius: 3, maskedKernel: false, outsideValue: 0 });
    expect(p.unsupported).toEqual([]);
    expect(keys(p.notes)).toEqual(expect.arrayContaining(['voxelSetting.kernelRadius', 'voxelSetting.maskedKernel', 'voxelSetting.initValue', 'voxelSetting.voxelBatch']));
    expect(parsePyradiomicsParams('setting: {binWidth: 25}').maps).toBeNull();
    expect(() => parsePyradiomicsParams('voxelSetting: {kernelRadius: 0}')).toThrow(expect.objectContaining({ code: 'InvalidConfig' }));
    expect(() => parsePyradiomicsParams('voxelSetting: {maskedKernel: 1}')).toThrow(expect.objectContaining({ code: 'InvalidConfig' }));
  });

  test('Gradient {gradientUseSpacing: false} and LBP3D {lbp3DLevels: 3} -> gradient and lbp-3D-m1..m3, lbp-3D-k image types with PyRadiomics column names', () => {
    const p = parsePyradiomicsParams('imageType: {Original: {}, Gradient: {gradientUseSpacing: false}, LBP3D: {}}\nsetting: {lbp3DLevels: 3, lbp3DIcosphereRadius: 2}\nfeatureClass: {firstorder: [Mean]}\n');
    expect(keys(p.unsupported)).toEqual([]);
    const types = p.config.imageTypes.filter((t) => t.type === 'gradient' || t.type === 'lbp3d');
    expect(types.map((t) => (t.type === 'lbp3d' ? `${t.name} ${t.levels} ${t.icosphereRadius} ${t.icosphereSubdivision} ${t.output}` : t.type === 'gradient' ? `${t.name} ${t.useSpacing}` : ''))).toEqual([
      'gradient false', 'lbp-3D-m1 3 2 1 m1', 'lbp-3D-m2 3 2 1 m2', 'lbp-3D-m3 3 2 1 m3', 'lbp-3D-k 3 2 1 k',
    ]);
    const names = [...pyradiomicsColumnNames({}, p.config.imageTypes).values()];
    for (const column of ['gradient_firstorder_Mean', 'lbp-3D-m1_firstorder_Mean', 'lbp-3D-k_firstorder_Mean']) expect(names).toContain(column);
  });

  test('LoG and Wavelet settings: the image type\'s own first, then "setting"; start_level 1, level 2 -> levels 2 and 3 named wavelet-* and wavelet2-*, the approximation of the last only; sym4 is mapped, mexh (continuous) and per-type settings are unsupported', () => {
    const p = parsePyradiomicsParams('imageType: {Original: {}, LoG: {sigma: [1.5], binWidth: 10}, Wavelet: {wavelet: haar}, Square: {}}\nsetting: {sigma: [9], start_level: 1, level: 2}\n');
    expect(p.config.imageTypes.filter((t) => t.type === 'recursiveLog')).toEqual([expect.objectContaining({ sigma: 1.5, name: 'log-sigma-1-5-mm-3D' })]);
    const wavelets = p.config.imageTypes.filter((t) => t.type === 'swt');
    expect(wavelets.map((t) => (t.type === 'swt' ? `${t.wavelet}${t.level} ${t.name}` : ''))).toEqual([
      ...['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH'].map((d) => `haar2 wavelet-${d}`),
      ...['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH'].map((d) => `haar3 wavelet2-${d}`),
      'haar3 wavelet2-LLL',
    ]);
    expect(p.config.imageTypes.filter((t) => t.type === 'square')).toEqual([expect.objectContaining({ name: 'square' })]);
    expect(keys(p.unsupported)).toEqual(['imageType.LoG.binWidth']);
    expect(keys(parsePyradiomicsParams('imageType: {Wavelet: {wavelet: mexh}}').unsupported)).toEqual(['imageType', 'imageType.Wavelet.wavelet']);
    const sym4 = parsePyradiomicsParams('imageType: {Original: {}, Wavelet: {wavelet: sym4}}');
    expect(keys(sym4.unsupported)).toEqual([]);
    expect(sym4.config.imageTypes.filter((t) => t.type === 'swt' && t.wavelet === 'sym4')).toHaveLength(8);
  });

  test('a PyRadiomics LoG image type extracts intensity and texture features of the response map, named as PyRadiomics names them (str(sigma): 2 -> log-sigma-2-mm-3D, 2.50 -> log-sigma-2-5-mm-3D)', () => {
    const p = parsePyradiomicsParams('imageType: {Original: {}, LoG: {sigma: [2, 2.50]}}\nsetting: {binWidth: 5}\nfeatureClass: {firstorder: , glcm: }\n');
    const result = extract(phantomImage(), { volume: phantomMaskVolume(), label: 1 }, p.config);
    expect(result.features.map((f) => f.id)).toContain('log-sigma-2-mm-3D:stat.mean');
    const ids = withPyradiomicsNames(result, p.naming).features.map((f) => f.id);
    for (const id of ['log-sigma-2-mm-3D_firstorder_Mean', 'log-sigma-2-5-mm-3D_glcm_JointAverage']) expect(ids).toContain(id);
    expect(parsePyradiomicsParams({ imageType: { LoG: { sigma: [1, 1.5] } } }).config.imageTypes.map((t) => t.name)).toEqual([null, 'log-sigma-1-mm-3D', 'log-sigma-1-5-mm-3D']);
  });

  test('resegmentRange in absolute mode is taken as is (on the scaled intensities); one value is a lower bound only', () => {
    expect(parsePyradiomicsParams({ setting: { normalize: true, normalizeScale: 100, resegmentRange: [-300, 300] } }).config.resegmentation.range).toEqual([-300, 300]);
    expect(parsePyradiomicsParams({ setting: { resegmentRange: [-500] } }).config.resegmentation.range).toEqual([-500, null]);
  });

  test('removeOutliers with normalize clips z before normalizeScale; the mapped config reproduces PyRadiomics normalizeImage on the phantom', () => {
    const p = parsePyradiomicsParams({ setting: { normalize: true, normalizeScale: 100, removeOutliers: 1.5, binWidth: 25 } });
    expect(p.config.normalisation).toEqual({ method: 'zscore', region: 'image', scale: 100, clip: 1.5 });
    expect(p.unsupported).toEqual([]);
    // Hand-computed reference: whole-image mean and population SD, clip at +-1.5, times 100.
    const image = phantomImage();
    const x = Array.from(image.voxels.data as ArrayLike<number>);
    const mu = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / x.length);
    const mask = phantomMaskVolume().voxels.data as ArrayLike<number>;
    const roi = x.map((v) => 100 * Math.min(1.5, Math.max(-1.5, (v - mu) / sd))).filter((_, i) => mask[i] === 1);
    const mean = extract(image, { volume: phantomMaskVolume(), label: 1 }, { ...p.config, families: ['stat'] }).features.find((f) => f.id === 'stat.mean')?.value;
    expect(mean).toBeCloseTo(roi.reduce((a, b) => a + b, 0) / roi.length, 4);
  });

  test.each([
    ['setting: {binWidth: abc}', 'setting.binWidth'],
    ['setting: {resampledPixelSpacing: [1, 1]}', 'setting.resampledPixelSpacing'],
    ['setting: {interpolator: sitkCubic, resampledPixelSpacing: [1, 1, 1]}', 'setting.interpolator'],
    ['setting: {normalize: yes please}', 'setting.normalize'],
    ['setting: [1, 2]', 'setting'],
    ['setting: {binWidth: 1', null],
  ])('parsePyradiomicsParams(%j) is an InvalidConfig error naming %s', (text, key) => {
    try {
      parsePyradiomicsParams(text, { file: 'p.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, 'InvalidConfig')).toBe(true);
      expect((e as Error).message).toMatch(/^p\.yaml: /);
      if (key !== null) expect((e as { detail: { key: string } }).detail.key).toBe(key);
    }
  });

  test('JSON parameter files are read too', () => {
    expect(parsePyradiomicsParams('{"setting": {"binCount": 8}}').config.discretisation).toEqual({ method: 'fixedBinNumber', bins: 8 });
  });
});

describe('PyRadiomics feature table and column names', () => {
  test('every PyRadiomics feature names an existing feature of ours, or says why there is none', () => {
    const bad: string[] = [];
    for (const [cls, table] of Object.entries(PYRADIOMICS_FEATURES)) {
      for (const [name, f] of Object.entries(table as Record<string, { ours: { family: string; feature: string } | null; agrees: boolean; differences: string }>)) {
        if (f.ours === null) {
          if (!f.differences) bad.push(`${cls}.${name}: no equivalent and no reason`);
          continue;
        }
        const fam = (FAMILIES as Record<string, { features: Record<string, unknown> }>)[f.ours.family];
        if (!fam?.features[f.ours.feature]) bad.push(`${cls}.${name}: ${f.ours.family}.${f.ours.feature} does not exist`);
        if (!f.agrees && !f.differences) bad.push(`${cls}.${name}: differs without saying how`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('the eight classes hold PyRadiomics 3 feature counts (firstorder 19, shape 17, shape2D 10, glcm 24, glrlm 16, glszm 16, gldm 15, ngtdm 5)', () => {
    expect(Object.fromEntries(Object.entries(PYRADIOMICS_FEATURES).map(([c, t]) => [c, Object.keys(t).length]))).toEqual({ firstorder: 19, shape: 17, shape2D: 10, glcm: 24, glrlm: 16, glszm: 16, gldm: 15, ngtdm: 5 });
  });

  test('pyradiomicsColumnNames() maps our 3D_average / 3D ids, and only features that agree', () => {
    const names = pyradiomicsColumnNames();
    expect(names.get('glcm.jointAverage.3D_average.d1')).toBe('original_glcm_JointAverage');
    expect(names.get('glszm.smallZoneEmphasis.3D')).toBe('original_glszm_SmallAreaEmphasis');
    expect(names.get('ngldm.lowDependenceEmphasis.3D.d1')).toBe('original_gldm_SmallDependenceEmphasis');
    expect(names.get('stat.energy')).toBe('original_firstorder_Energy');
    expect(names.has('glcm.jointAverage.3D_merged.d1')).toBe(false);
    expect(names.has('stat.kurtosis')).toBe(false);
    expect(names.get('glcm.normalisedInverseDifferenceMoment.3D_average.d1')).toBe('original_glcm_Idmn');
    expect(new Set(names.values()).size).toBe(names.size);
  });

  test('pyradiomicsColumnNames follows force2D, voxelArrayShift and an unapplied normalizeScale', () => {
    const names = pyradiomicsColumnNames({ matrixAggregation: '2.5D_direction_merged', zoneAggregation: '2.5D', voxelArrayShift: 300, intensityScale: 100 });
    expect(names.get('glrlm.runEntropy.2.5D_direction_merged')).toBe('original_glrlm_RunEntropy');
    expect(names.get('ngtdm.coarseness.2.5D.d1')).toBe('original_ngtdm_Coarseness');
    expect(names.has('stat.energy')).toBe(false);
    expect(names.has('stat.mean')).toBe(false);
    expect(names.get('stat.skewness')).toBe('original_firstorder_Skewness');
    expect(names.get('ih.entropy')).toBe('original_firstorder_Entropy');
  });

  test('withPyradiomicsNames(extract(phantom)) renames agreeing features and keeps the rest', () => {
    const p = parsePyradiomicsParams('setting: {binWidth: 1}');
    // Every feature (features: null), not only those PyRadiomics computes, so that some keep our ids.
    const result = extract(phantomImage(), { volume: phantomMaskVolume(), label: 1 }, { ...p.config, features: null });
    const renamed = withPyradiomicsNames(result, p.naming);
    const ids = renamed.features.map((f) => f.id);
    expect(ids).toContain('original_glcm_JointAverage');
    expect(ids).toContain('stat.kurtosis');
    expect(renamed.features.map((f) => f.value)).toEqual(result.features.map((f) => f.value));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
