import { isScalar, isSeq, parse as parseYaml, parseDocument } from 'yaml';
import { RadiomicsError, describeThrown } from '../errors.js';
import { MAX_FLOW_NESTING, flowNestingDepth, isCyclic } from '../util/nesting.js';
import { resolveConfig, WEIGHTING_NORMS, type ConfigInput, type ExtractConfig, type ImageTypeInput, type Interpolator, type WeightingNorm } from '../config.js';
import { SEPARABLE_WAVELETS, SEPARABLE_WAVELETS_TEXT, type SeparableWavelet } from '../preprocess/filters/waveletFilterBank.js';
import { LBP_METHODS, type LbpMethod } from '../preprocess/filters/lbp2d.js';
import type { FamilyName } from '../features/registry.js';
import { featureId } from '../features/id.js';
import type { CompatMode } from '../compat/modes.js';
import type { MatrixAggregation, ZoneAggregation } from '../features/types.js';
import { SHAPE2D_AXES, type Shape2dAxis } from '../features/morphology/shape2d.js';
import { PYRADIOMICS_CLASS_FAMILIES, PYRADIOMICS_FEATURES, type PyradiomicsClass, type PyradiomicsFeature } from './features.js';

/** One parameter-file entry that could not be mapped (unsupported) or was mapped with a caveat (notes). */
export interface PyradiomicsIssue {
  /** Dotted path in the file, e.g. "setting.removeOutliers", "imageType.LoG", "featureClass.glcm.MCC". */
  readonly key: string;
  readonly value: unknown;
  readonly reason: string;
}

/** What the settings imply for PyRadiomics-style column names (see pyradiomicsColumnNames). */
export interface PyradiomicsNaming {
  readonly matrixAggregation: MatrixAggregation;
  readonly zoneAggregation: ZoneAggregation;
  readonly distance: number;
  readonly voxelArrayShift: number;
  /** PyRadiomics' intensities divided by ours; 1 when equal (parsePyradiomicsParams maps normalizeScale, so it gives 1). Stat features in intensity units keep our names otherwise. */
  readonly intensityScale: number;
  /** The config's compatibility mode: in pyradiomics, PyRadiomics-defined features take PyRadiomics' names. */
  readonly compat: CompatMode;
}

export interface PyradiomicsParams {
  /** The resolved config (pass it to extract). */
  readonly config: ExtractConfig;
  /** The file's `label`, or null when it sets none (PyRadiomics' default is 1). */
  readonly label: number | null;
  /** Every key or value that could not be mapped; results may differ from PyRadiomics' there. */
  readonly unsupported: readonly PyradiomicsIssue[];
  /** Keys mapped with a caveat, or without effect here (e.g. preCrop, which only saves time). */
  readonly notes: readonly PyradiomicsIssue[];
  readonly naming: PyradiomicsNaming;
  /**
   * The voxel-based settings (`kernelRadius`, `maskedKernel`, `initValue`), for extractMaps and
   * `radiomics maps`; null when the file sets none. PyRadiomics' defaults: radius 1, masked, NaN.
   */
  readonly maps: PyradiomicsMapSettings | null;
}

/** PyRadiomics' voxel-based settings as extractMaps options. */
export interface PyradiomicsMapSettings {
  readonly kernelRadius: number;
  readonly maskedKernel: boolean;
  /** initValue: the value of voxels outside the ROI (MapsOptions.outsideValue). */
  readonly outsideValue: number;
}

export const DEFAULT_PYRADIOMICS_NAMING: PyradiomicsNaming = Object.freeze({ matrixAggregation: '3D_average', zoneAggregation: '3D', distance: 1, voxelArrayShift: 0, intensityScale: 1, compat: 'ibsi' });

const INTERPOLATORS: Readonly<Record<string, Interpolator | null>> = {
  sitkNearestNeighbor: 'nearest',
  sitkLinear: 'linear',
  sitkBSpline: 'cubic',
  sitkGaussian: null,
  sitkLabelGaussian: null,
  sitkHammingWindowedSinc: null,
  sitkCosineWindowedSinc: null,
  sitkWelchWindowedSinc: null,
  sitkLanczosWindowedSinc: null,
  sitkBlackmanWindowedSinc: null,
};
/** SimpleITK's enumeration values of the interpolators, as PyRadiomics accepts them too. */
const INTERPOLATOR_NUMBERS = Object.keys(INTERPOLATORS);

const FILTER_SETTINGS: Readonly<Record<string, string>> = {
  sigma: 'LoG',
  start_level: 'Wavelet',
  level: 'Wavelet',
  wavelet: 'Wavelet',
  gradientUseSpacing: 'Gradient',
  lbp2DRadius: 'LBP2D',
  lbp2DSamples: 'LBP2D',
  lbp2DMethod: 'LBP2D',
  lbp3DLevels: 'LBP3D',
  lbp3DIcosphereRadius: 'LBP3D',
  lbp3DIcosphereSubdivision: 'LBP3D',
};
const VOXEL_SETTINGS = ['voxelBased', 'kernelRadius', 'maskedKernel', 'initValue', 'voxelBatch'];
const NO_EFFECT: Readonly<Record<string, string>> = {
  preCrop: 'no effect on values (PyRadiomics crops to save time; we always work on the ROI bounding box).',
  padDistance: 'no effect without resampling: filters run on the whole image (or the ROI box grown by their support), never on a padded crop.',
  additionalInfo: 'no effect: every result carries its provenance (version, resolved config, geometry, voxel hashes).',
  enableCExtensions: 'no effect (a PyRadiomics implementation switch).',
};
const SETTING_NAMES = [
  'normalize', 'normalizeScale', 'removeOutliers', 'resampledPixelSpacing', 'interpolator', 'padDistance', 'preCrop', 'resegmentRange', 'resegmentMode',
  'resegmentShape', 'minimumROIDimensions', 'minimumROISize', 'geometryTolerance', 'correctMask', 'enableCExtensions', 'additionalInfo', 'label', 'label_channel',
  'binWidth', 'binCount', 'force2D', 'force2Ddimension', 'weightingNorm', 'distances', 'voxelArrayShift', 'symmetricalGLCM', 'gldm_a',
  ...Object.keys(FILTER_SETTINGS), ...VOXEL_SETTINGS,
];

/**
 * Maps a PyRadiomics parameter file (YAML or JSON text, or the parsed object) to our config. Sections
 * imageType, featureClass, setting (and voxelSetting) as PyRadiomics reads them; every key or value that
 * cannot be mapped is listed in `unsupported` with the reason, none is dropped silently. A value of the
 * wrong type (binWidth: "abc") is an InvalidConfig error naming the key. Browser-safe.
 */
export function parsePyradiomicsParams(source: string | Readonly<Record<string, unknown>>, options: { readonly file?: string } = {}): PyradiomicsParams {
  const file = options.file;
  const where = file ? `${file}: ` : '';
  let doc: unknown = source;
  if (typeof source === 'string') {
    const depth = flowNestingDepth(source);
    if (depth > MAX_FLOW_NESTING) throw new RadiomicsError('InvalidConfig', `${where}lists or mappings nested ${depth} deep (at most ${MAX_FLOW_NESTING})`, { file, depth });
    try {
      doc = parseYaml(source, { logLevel: 'error' });
    } catch (cause) {
      throw new RadiomicsError('InvalidConfig', `${where}not a valid PyRadiomics parameter file (YAML or JSON): ${describeThrown(cause)}`, { file }, { cause });
    }
  }
  if (isCyclic(doc)) throw new RadiomicsError('InvalidConfig', `${where}the document contains itself (a YAML alias inside its own anchor)`, { file });
  if (doc === null || doc === undefined) doc = {};
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new RadiomicsError('InvalidConfig', `${where}a PyRadiomics parameter file must be a mapping with imageType, featureClass and setting`, { file });

  const unsupported: PyradiomicsIssue[] = [];
  const notes: PyradiomicsIssue[] = [];
  const settings: Record<string, unknown> = {};
  const settingKey: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (k === 'setting') {
      for (const [sk, sv] of Object.entries(section(v, 'setting', file))) {
        settings[sk] = sv;
        settingKey[sk] = `setting.${sk}`;
      }
    } else if (k === 'imageType' || k === 'featureClass') continue;
    else if (k === 'voxelSetting') continue; // read after the loop: it overrides setting wherever it stands
    else if (SETTING_NAMES.includes(k)) {
      settings[k] = v;
      settingKey[k] = k;
      notes.push({ key: k, value: v, reason: 'read as a setting; PyRadiomics expects settings under "setting:".' });
    } else unsupported.push({ key: k, value: v, reason: 'not a PyRadiomics parameter-file section (imageType, featureClass, setting, voxelSetting).' });
  }

  // PyRadiomics reads voxelSetting over setting in voxel-based mode.
  for (const [sk, sv] of Object.entries(section((doc as Record<string, unknown>).voxelSetting, 'voxelSetting', file))) {
    settings[sk] = sv;
    settingKey[sk] = `voxelSetting.${sk}`;
  }

  // imageType: Original; LoG mapped to the IBSI 2 LoG; Wavelet, Square, SquareRoot, Logarithm, Exponential
  // and LBP2D to PyRadiomics' own image types (compat); Original's own settings
  // (Original: {binWidth: 10}) apply on top of "setting".
  const imageTypes = (doc as Record<string, unknown>).imageType;
  const filterSettings: Partial<Record<MappedFilter, Record<string, unknown>>> = {};
  if (imageTypes !== undefined && imageTypes !== null) {
    const types = section(imageTypes, 'imageType', file);
    if (!('Original' in types)) unsupported.push({ key: 'imageType', value: Object.keys(types), reason: 'Original is not enabled, so PyRadiomics would compute no original_* features; we compute the original image features anyway.' });
    for (const [t, v] of Object.entries(types)) {
      if ((MAPPED_FILTERS as readonly string[]).includes(t)) {
        filterSettings[t as MappedFilter] = section(v, `imageType.${t}`, file);
        continue;
      }
      if (t !== 'Original') {
        unsupported.push({ key: `imageType.${t}`, value: v, reason: `the ${t} image type is not supported (${MAPPED_FILTERS.join(', ')} are); no ${t} features are computed.` });
        continue;
      }
      if (v === null || v === undefined) continue;
      for (const [sk, sv] of Object.entries(section(v, 'imageType.Original', file))) {
        settings[sk] = sv;
        settingKey[sk] = `imageType.Original.${sk}`;
      }
    }
  }
  const filters = mapFilters(filterSettings, settings, unsupported, notes, file, typeof source === 'string' ? sigmaSources(source) : {});

  const featureClass = (doc as Record<string, unknown>).featureClass;
  const { families, selection } = familiesOf(featureClass, unsupported, notes, file);
  const shape2D = shape2dAxisOf(featureClass, settings, settingKey, notes, file);
  // The shape2D class's features exist only with shape2D set (force2D); without it PyRadiomics computes none.
  const features = [...selection].flatMap(([c, ids]) => (c === 'shape2D' && shape2D === null ? [] : ids));
  const mapped = mapSettings(settings, settingKey, unsupported, notes, file);
  const input: ConfigInput = { ...mapped.config, families, features, ...(filters.length ? { imageTypes: [{ type: 'original' }, ...filters] } : {}), ...(shape2D === null ? {} : { shape2D }) };
  let config: ExtractConfig;
  try {
    config = resolveConfig(input);
  } catch (error) {
    if (error instanceof RadiomicsError) throw new RadiomicsError(error.code, `${where}${error.message}`, { ...error.detail, file }, { cause: error });
    throw error;
  }
  return { config, label: mapped.label, unsupported, notes, naming: mapped.naming, maps: mapped.maps };
}

/** PyRadiomics image types that are mapped: LoG to the IBSI 2 LoG (IBSI mode) or ITK's recursive-Gaussian LoG (compat), the others to PyRadiomics' own image types. */
const MAPPED_FILTERS = ['LoG', 'Wavelet', 'Square', 'SquareRoot', 'Logarithm', 'Exponential', 'LBP2D', 'Gradient', 'LBP3D'] as const;
type MappedFilter = (typeof MAPPED_FILTERS)[number];
/** PyRadiomics' point-wise image types -> ours, with the image type names PyRadiomics gives their columns. */
const INTENSITY_TYPES: Readonly<Record<string, { type: 'square' | 'squareRoot' | 'logarithm' | 'exponential'; name: string }>> = {
  Square: { type: 'square', name: 'square' },
  SquareRoot: { type: 'squareRoot', name: 'squareroot' },
  Logarithm: { type: 'logarithm', name: 'logarithm' },
  Exponential: { type: 'exponential', name: 'exponential' },
};
/**
 * The name PyRadiomics gives a LoG image: "log-sigma-" + str(sigma) with "." -> "-" + "-mm-3D", str being
 * Python's: "2" for the YAML integer 2, "2.0" for the float 2.0 (`text`, the value as written in the file,
 * tells them apart: a PyYAML float has a "."); without the text a whole number is taken as an integer.
 */
export function pyradiomicsLogName(sigma: number, text: string | null): string {
  const isFloat = text !== null ? text.includes('.') : !Number.isInteger(sigma);
  return `log-sigma-${(isFloat ? pythonFloat(sigma) : String(sigma)).replace('.', '-')}-mm-3D`;
}

/** Python's repr of a float: shortest round-trip digits, ".0" on whole numbers, exponent form below 1e-4 or from 1e16 (two exponent digits). */
function pythonFloat(v: number): string {
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e16)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** The sigma values as written in the file (imageType.LoG.sigma and setting.sigma), keyed as mapFilters' take() names them. */
function sigmaSources(source: string): Partial<Record<string, (string | null)[]>> {
  const out: Partial<Record<string, (string | null)[]>> = {};
  const doc = parseDocument(source, { logLevel: 'silent' });
  for (const [path, key] of [[['imageType', 'LoG', 'sigma'], 'imageType.LoG.sigma'], [['setting', 'sigma'], 'setting.sigma']] as const) {
    let node: unknown;
    try {
      node = doc.getIn(path, true);
    } catch {
      continue;
    }
    const text = (n: unknown) => (isScalar(n) && typeof n.source === 'string' ? n.source : null);
    if (isSeq(node)) out[key] = node.items.map(text);
    else if (isScalar(node)) out[key] = [text(node)];
  }
  return out;
}

/** The eight 3D decompositions PyRadiomics' Wavelet image type yields at each level. */
const WAVELET_DECOMPOSITIONS = ['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'];

/**
 * imageType LoG and Wavelet -> our image types. Their settings (sigma; wavelet, start_level, level) come
 * from the image type's own mapping, else from "setting" (PyRadiomics reads them from both, the image
 * type's first); the filter keys used here are removed from `settings`, so mapSettings reports only the
 * ones that stay unused. Other keys in an image type's mapping (e.g. its own binWidth) are not supported.
 */
function mapFilters(enabled: Partial<Record<MappedFilter, Record<string, unknown>>>, settings: Record<string, unknown>, unsupported: PyradiomicsIssue[], notes: PyradiomicsIssue[], file: string | undefined, sigmaText: Partial<Record<string, (string | null)[]>>): ImageTypeInput[] {
  const out: ImageTypeInput[] = [];
  const take = (filter: MappedFilter, k: string): { value: unknown; key: string } => {
    const own = enabled[filter] as Record<string, unknown>;
    const value = k in own ? own[k] : settings[k];
    const key = k in own ? `imageType.${filter}.${k}` : `setting.${k}`;
    delete settings[k];
    return { value, key };
  };
  /** A numeric image-type setting: `fallback` (PyRadiomics' default) when absent or null, else checked by `parse`. */
  const takeNumber = (filter: MappedFilter, k: string, fallback: number, parse: (value: unknown, key: string, file: string | undefined) => number): number => {
    const { value, key } = take(filter, k);
    return value === undefined || value === null ? fallback : parse(value, key, file);
  };
  if (enabled.LoG) {
    const { value, key } = take('LoG', 'sigma');
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      unsupported.push({ key: 'imageType.LoG', value: enabled.LoG, reason: 'no sigma is given, so PyRadiomics computes no LoG image; none here either.' });
    } else {
      const sigmas = (Array.isArray(value) ? value : [value]).map((x) => positive(x, key, file));
      const text = sigmaText[key] ?? [];
      const names = sigmas.map((sigma, i) => pyradiomicsLogName(sigma, text[i] ?? null));
      sigmas.forEach((sigma, i) => out.push({ type: 'recursiveLog', sigma, name: names[i] }));
      notes.push({ key: 'imageType.LoG', value: sigmas, reason: `mapped to image types {type: recursiveLog, sigma} for sigma ${sigmas.join(', ')} mm (SimpleITK's LaplacianRecursiveGaussianImageFilter with scale normalisation, checked voxel by voxel against ITK 5.2.1), named ${names.join(', ')}. PyRadiomics skips a sigma when an image axis has fewer than ceil(sigma / spacing) + 1 voxels and every LoG when an axis has fewer than 4; so does extract(), with an ImageTypeSkipped warning.` });
    }
  }
  if (enabled.Wavelet) {
    const w = take('Wavelet', 'wavelet');
    const name = w.value ?? 'coif1';
    const startLevel = takeNumber('Wavelet', 'start_level', 0, nonNegativeInteger);
    const levels = takeNumber('Wavelet', 'level', 1, positiveInteger);
    // PyRadiomics drops the force2Ddimension axis from the transform with force2D (only 0, z, is mapped).
    const dims = settings.force2D === true ? '2D' : '3D';
    const details = (dims === '2D' ? WAVELET_DECOMPOSITIONS.map((x) => x.slice(0, 2)).filter((x, i, a) => a.indexOf(x) === i && x !== 'LL') : WAVELET_DECOMPOSITIONS.slice(0, 7));
    const approximation = dims === '2D' ? 'LL' : 'LLL';
    if (!(SEPARABLE_WAVELETS as readonly unknown[]).includes(name)) {
      unsupported.push({ key: w.value === undefined ? 'imageType.Wavelet' : w.key, value: name, reason: `${JSON.stringify(name)} is not a PyWavelets discrete wavelet (${SEPARABLE_WAVELETS_TEXT}); PyRadiomics would stop with an error, no wavelet features are computed here.` });
    } else {
      // Column names as PyRadiomics: wavelet-<d> at the first computed level, wavelet<k>-<d> at the k-th; the approximation of the last level only.
      const label = (k: number, d: string) => `wavelet${k > 1 ? k : ''}-${d}`;
      for (let k = 1; k <= levels; k++) {
        for (const decomposition of details) out.push({ type: 'swt', wavelet: name as SeparableWavelet, decomposition, level: startLevel + k, dims, name: label(k, decomposition) });
      }
      out.push({ type: 'swt', wavelet: name as SeparableWavelet, decomposition: approximation, level: startLevel + levels, dims, name: label(levels, approximation) });
      notes.push({ key: 'imageType.Wavelet', value: { wavelet: name, start_level: startLevel, level: levels }, reason: `mapped to PyRadiomics' own wavelet, image types {type: swt, wavelet: ${String(name)}, decomposition, level} (PyWavelets' swtn level by level, periodic; ${dims}) at level${levels > 1 ? 's' : ''} ${startLevel + 1}${levels > 1 ? `-${startLevel + levels}` : ''}, named as PyRadiomics names them (wavelet-LLH, ...).` });
    }
  }
  for (const [t, { type, name }] of Object.entries(INTENSITY_TYPES)) {
    if (!enabled[t as MappedFilter]) continue;
    out.push({ type, name });
    notes.push({ key: `imageType.${t}`, value: enabled[t as MappedFilter], reason: `mapped to image type {type: ${type}} (PyRadiomics' definition, scaled by the whole image's max |x|), named ${name}.` });
  }
  if (enabled.LBP2D) {
    const radius = takeNumber('LBP2D', 'lbp2DRadius', 1, positive);
    const samples = takeNumber('LBP2D', 'lbp2DSamples', 8, positiveInteger);
    const m = take('LBP2D', 'lbp2DMethod');
    const method = m.value ?? 'uniform';
    if (!(LBP_METHODS as readonly unknown[]).includes(method)) throw invalid(m.key, `must be one of ${LBP_METHODS.join(', ')}, got ${JSON.stringify(method)}`, file);
    out.push({ type: 'lbp2d', radius, samples, method: method as LbpMethod, name: 'lbp-2D' });
    notes.push({ key: 'imageType.LBP2D', value: { lbp2DRadius: radius, lbp2DSamples: samples, lbp2DMethod: method }, reason: `mapped to image type {type: lbp2d, samples: ${samples}, radius: ${radius}, method: ${String(method)}} (scikit-image local_binary_pattern per axial slice), named lbp-2D.${settings.force2Ddimension !== undefined && settings.force2Ddimension !== 0 ? ' Only force2Ddimension 0 (axial slices) is supported; axial slices were used.' : ''}` });
  }
  if (enabled.Gradient) {
    const u = take('Gradient', 'gradientUseSpacing');
    const useSpacing = bool(u.value, u.key, true, file);
    out.push({ type: 'gradient', useSpacing, dims: '3D', name: 'gradient' });
    notes.push({ key: 'imageType.Gradient', value: { gradientUseSpacing: useSpacing }, reason: `mapped to image type {type: gradient, useSpacing: ${useSpacing}} (SimpleITK's GradientMagnitudeImageFilter: central differences, edge voxel repeated at the image edges), named gradient.` });
  }
  if (enabled.LBP3D) {
    const levels = takeNumber('LBP3D', 'lbp3DLevels', 2, positiveInteger);
    const icosphereRadius = takeNumber('LBP3D', 'lbp3DIcosphereRadius', 1, positive);
    const icosphereSubdivision = takeNumber('LBP3D', 'lbp3DIcosphereSubdivision', 1, nonNegativeInteger);
    // PyRadiomics yields the level images lbp-3D-m1 .. lbp-3D-m<levels>, then the kurtosis image lbp-3D-k.
    for (const output of [...Array.from({ length: levels }, (_, i) => `m${i + 1}`), 'k']) out.push({ type: 'lbp3d', levels, icosphereRadius, icosphereSubdivision, output, name: `lbp-3D-${output}` });
    notes.push({ key: 'imageType.LBP3D', value: { lbp3DLevels: levels, lbp3DIcosphereRadius: icosphereRadius, lbp3DIcosphereSubdivision: icosphereSubdivision }, reason: `mapped to image types {type: lbp3d, levels: ${levels}, icosphereRadius: ${icosphereRadius}, icosphereSubdivision: ${icosphereSubdivision}, output} for outputs m1..m${levels} and k, named lbp-3D-m1, ..., lbp-3D-k (a flat neighbourhood gives kurtosis 0 where PyRadiomics gives NaN).${settings.force2D === true ? ' force2D: LBP3D is computed in 3D, as PyRadiomics does (with a warning).' : ''}` });
  }
  for (const [filter, own] of Object.entries(enabled) as [MappedFilter, Record<string, unknown>][]) {
    for (const k of Object.keys(own)) {
      if (FILTER_SETTINGS[k] !== filter) unsupported.push({ key: `imageType.${filter}.${k}`, value: own[k], reason: 'settings for one image type are not supported; the general settings apply to every image type.' });
    }
  }
  return out;
}

/**
 * featureClass -> our families and the features PyRadiomics computes for it (config features): per
 * enabled class, the features listed, or with no names every feature PyRadiomics enables by default (not
 * its deprecated ones); each as the feature that gets its column name in compat mode (its PyRadiomics
 * definition where ours differs, PyradiomicsFeature.compat), else ours. No featureClass: every class.
 */
function familiesOf(value: unknown, unsupported: PyradiomicsIssue[], notes: PyradiomicsIssue[], file: string | undefined): { families: FamilyName[]; selection: Map<PyradiomicsClass, string[]> } {
  const all = Object.keys(PYRADIOMICS_FEATURES) as PyradiomicsClass[];
  let classes: PyradiomicsClass[] = all;
  const listed = new Map<PyradiomicsClass, string[]>();
  if (value !== undefined && value !== null) {
    const obj = section(value, 'featureClass', file);
    classes = [];
    for (const [cls, list] of Object.entries(obj)) {
      if (!(cls in PYRADIOMICS_FEATURES)) {
        unsupported.push({ key: `featureClass.${cls}`, value: list, reason: `not a PyRadiomics feature class (${all.join(', ')}).` });
        continue;
      }
      const c = cls as PyradiomicsClass;
      classes.push(c);
      if (list === null || list === undefined || (Array.isArray(list) && list.length === 0)) continue;
      if (!Array.isArray(list)) throw invalid(`featureClass.${cls}`, 'must be a list of feature names or empty', file);
      const table = PYRADIOMICS_FEATURES[c] as Readonly<Record<string, PyradiomicsFeature>>;
      const names: string[] = [];
      for (const name of list) {
        const f = table[String(name)];
        if (f === undefined) unsupported.push({ key: `featureClass.${cls}.${name}`, value: name, reason: `not a PyRadiomics ${cls} feature.` });
        else if (f.ours === null && f.compat === undefined) unsupported.push({ key: `featureClass.${cls}.${name}`, value: name, reason: `no equivalent here: ${f.differences}` });
        else {
          names.push(String(name));
          if (!f.agrees && f.compat === undefined && f.ours !== null) notes.push({ key: `featureClass.${cls}.${name}`, value: name, reason: `computed as ${f.ours.family}.${f.ours.feature}, whose definition differs: ${f.differences}` });
        }
      }
      listed.set(c, names);
      notes.push({ key: `featureClass.${cls}`, value: list, reason: `only the ${names.length} listed feature${names.length === 1 ? ' is' : 's are'} computed (config features), as PyRadiomics does.` });
    }
  }
  const families = new Set<FamilyName>();
  const selection = new Map<PyradiomicsClass, string[]>();
  for (const c of classes) {
    const table = PYRADIOMICS_FEATURES[c] as Readonly<Record<string, PyradiomicsFeature>>;
    const names = listed.get(c) ?? Object.keys(table).filter((name) => table[name].enabledByDefault !== false);
    const ids: string[] = [];
    for (const name of names) {
      const ours = table[name].compat ?? table[name].ours;
      if (ours !== null) ids.push(featureId(ours.family, ours.feature, null));
    }
    for (const f of PYRADIOMICS_CLASS_FAMILIES[c]) families.add(f);
    selection.set(c, ids);
  }
  return { families: [...families], selection };
}

/**
 * PyRadiomics' shape2D class -> config shape2D: enabled by featureClass (listed, or every class when
 * featureClass is absent or empty, as PyRadiomics' parameter files do) and computed only with force2D
 * (PyRadiomics logs a warning and computes none without it), along force2Ddimension (0, 1, 2 = z, y, x).
 */
function shape2dAxisOf(featureClass: unknown, settings: Record<string, unknown>, settingKey: Record<string, string>, notes: PyradiomicsIssue[], file: string | undefined): Shape2dAxis | null {
  const obj = featureClass !== null && typeof featureClass === 'object' && !Array.isArray(featureClass) ? (featureClass as Record<string, unknown>) : {};
  const listed = 'shape2D' in obj;
  if (Object.keys(obj).length > 0 && !listed) return null;
  if (settings.force2D !== true) {
    if (listed) notes.push({ key: 'featureClass.shape2D', value: obj.shape2D, reason: 'no effect without force2D: true (PyRadiomics computes no 2D shape then, with a warning).' });
    return null;
  }
  const dim = settings.force2Ddimension ?? 0;
  if (dim !== 0 && dim !== 1 && dim !== 2) throw invalid(settingKey.force2Ddimension ?? 'setting.force2Ddimension', `must be 0, 1 or 2, got ${JSON.stringify(dim)}`, file);
  const axis = SHAPE2D_AXES[dim];
  notes.push({ key: 'featureClass.shape2D', value: obj.shape2D ?? null, reason: `mapped to shape2D: ${axis} (PyRadiomics' 2D shape class, morph.shape2d*, columns original_shape2D_*) for ROIs one slice thick along ${axis} (force2Ddimension ${dim}); a thicker ROI gets null values with warnings (PyRadiomics raises an error).` });
  return axis;
}

interface Mapped {
  config: ConfigInput;
  label: number | null;
  naming: PyradiomicsNaming;
  maps: PyradiomicsMapSettings | null;
}

function mapSettings(s: Record<string, unknown>, keyOf: Record<string, string>, unsupported: PyradiomicsIssue[], notes: PyradiomicsIssue[], file: string | undefined): Mapped {
  const handled = new Set<string>();
  const get = (k: string): unknown => {
    handled.add(k);
    return s[k];
  };
  const key = (k: string) => keyOf[k] ?? `setting.${k}`;
  const skip = (k: string, reason: string) => unsupported.push({ key: key(k), value: s[k], reason });
  const note = (k: string, reason: string) => notes.push({ key: key(k), value: s[k], reason });
  const config: Record<string, unknown> = {};

  // Normalisation (PyRadiomics normalizeImage: z-score over the whole image, clipped at +-removeOutliers,
  // times normalizeScale; before resampling, as ours).
  const normalize = bool(get('normalize'), key('normalize'), false, file);
  const scale = get('normalizeScale') === undefined ? 1 : positive(s.normalizeScale, key('normalizeScale'), file);
  const outliers = get('removeOutliers') ?? null;
  const clip = outliers === null ? null : positive(outliers, key('removeOutliers'), file);
  if (normalize) {
    config.normalisation = { method: 'zscore', region: 'image', scale, clip };
    note('normalize', `mapped to normalisation {method: zscore, region: image, scale: ${scale}, clip: ${clip}} (normalizeScale, removeOutliers). The standard deviation divides by N (SimpleITK: N - 1) and the normalised image is float32 (PyRadiomics: float64): values differ in the last digits.`);
  } else {
    if (s.normalizeScale !== undefined) note('normalizeScale', 'no effect without normalize (as in PyRadiomics).');
    if (clip !== null) note('removeOutliers', 'no effect without normalize (as in PyRadiomics).');
  }

  // Resampling (imageoperations.resampleImage): PyRadiomics' grid (corner-aligned, cropped to the ROI box
  // padded by padDistance) and SimpleITK's interpolators; sitkBSpline is the default; None disables it.
  const spacing = get('resampledPixelSpacing');
  const interp = get('interpolator');
  const padValue = get('padDistance');
  const padDistance = padValue === undefined || padValue === null ? 5 : nonNegativeInteger(padValue, key('padDistance'), file);
  if (spacing !== undefined && spacing !== null) {
    if (!Array.isArray(spacing) || spacing.length !== 3 || !spacing.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
      throw invalid(key('resampledPixelSpacing'), `must be a list of 3 numbers >= 0, got ${JSON.stringify(spacing)}`, file);
    }
    let interpolator: Interpolator = 'cubic';
    let enabled = interp !== null;
    let name = 'sitkBSpline';
    if (interp === null) note('interpolator', 'null disables resampling (as in PyRadiomics).');
    else if (interp !== undefined) {
      name = typeof interp === 'number' ? (INTERPOLATOR_NUMBERS[interp - 1] ?? '') : String(interp);
      const ours = INTERPOLATORS[name];
      if (ours === undefined) throw invalid(key('interpolator'), `must be a SimpleITK interpolator name or number, got ${JSON.stringify(interp)}`, file);
      if (ours === null) {
        skip('interpolator', `${name} is not implemented (sitkNearestNeighbor, sitkLinear and sitkBSpline are: SimpleITK's ${name} is a different kernel we have not reproduced); sitkLinear was used instead, so resampled intensities differ.`);
        interpolator = 'linear';
        name = 'sitkLinear';
      } else interpolator = ours;
    }
    const [x, y, z] = spacing as number[];
    const grid = { interpolator, roundIntensities: false, maskInterpolator: 'nearest', partialVolumeThreshold: 0.5, grid: 'pyradiomics', padDistance } as const;
    // A 0 keeps that axis' spacing (PyRadiomics: the mask's), as the pyradiomics grid does.
    if (enabled && x === 0 && y === 0 && z === 0) {
      enabled = false;
      note('resampledPixelSpacing', 'all 0 keeps the original spacing: no resampling.');
    } else if (enabled) config.resampling = { spacing: [x, y, z], ...grid };
    if (enabled) {
      note('resampledPixelSpacing', `mapped to resampling {spacing, interpolator: ${interpolator} (${name}), grid: pyradiomics, padDistance: ${padDistance}}: PyRadiomics' grid (its corner on the image's corner, cropped to the ROI bounding box padded by ${padDistance} new voxels), SimpleITK's ${name}${interpolator === 'cubic' ? ' (ITK B-spline of order 3, mirror boundaries)' : ''}, values outside the image 0, an integer image kept integer (truncated); the mask by nearest neighbour.`);
      if (padValue !== undefined) note('padDistance', `mapped to resampling.padDistance ${padDistance} (the new voxels kept around the ROI box).`);
    } else if (padValue !== undefined) note('padDistance', NO_EFFECT.padDistance);
  } else {
    if (interp !== undefined) note('interpolator', 'no effect without resampledPixelSpacing.');
    if (padValue !== undefined) note('padDistance', NO_EFFECT.padDistance);
  }

  // Discretisation. PyRadiomics' default is binWidth 25; binCount wins over binWidth.
  const binCount = get('binCount');
  const binWidth = get('binWidth');
  if (binCount !== undefined && binCount !== null) {
    config.discretisation = { method: 'fixedBinNumber', bins: positiveInteger(binCount, key('binCount'), file) };
    if (binWidth !== undefined) note('binWidth', 'ignored: binCount is set and takes precedence (as in PyRadiomics).');
  } else {
    const w = binWidth === undefined ? 25 : positive(binWidth, key('binWidth'), file);
    config.discretisation = { method: 'fixedBinSize', width: w, lowerBound: null, binning: 'pyradiomics' };
  }

  // Re-segmentation (PyRadiomics resegmentMask): the range sorted; one value is a lower threshold only;
  // absolute, relative (fractions of the ROI maximum) or sigma (mean + t sd) mode, over the ROI after
  // interpolation, as ours.
  const range = get('resegmentRange');
  const mode = get('resegmentMode') ?? 'absolute';
  if (mode !== 'absolute' && mode !== 'relative' && mode !== 'sigma') throw invalid(key('resegmentMode'), `must be absolute, relative or sigma, got ${JSON.stringify(mode)}`, file);
  const reshape = bool(get('resegmentShape'), key('resegmentShape'), false, file);
  if (range !== undefined && range !== null) {
    if (!Array.isArray(range) || range.length < 1 || range.length > 2 || !range.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw invalid(key('resegmentRange'), `must be a list of 1 or 2 numbers, got ${JSON.stringify(range)}`, file);
    }
    const sorted = [...(range as number[])].sort((x, y) => x - y);
    const bounds: [number, number | null] = [sorted[0], sorted.length === 2 ? sorted[1] : null];
    config.resegmentation = { range: bounds, outlierSigma: null, mode, applyToMorphology: reshape };
    if (mode !== 'absolute') note('resegmentMode', `mapped to resegmentation.mode ${mode}: kept ${mode === 'relative' ? `[${bounds[0]} max, ${bounds[1] === null ? 'inf' : `${bounds[1]} max`}]` : `[mean + ${bounds[0]} sd, ${bounds[1] === null ? 'inf' : `mean + ${bounds[1]} sd`}]`} over the ROI${mode === 'sigma' ? ' (population sd, as numpy.std)' : ''}.`);
    if (reshape) note('resegmentShape', 'mapped to resegmentation.applyToMorphology true: shape features use the re-segmented mask.');
  } else {
    if (s.resegmentMode !== undefined) note('resegmentMode', 'no effect without resegmentRange.');
    if (reshape) note('resegmentShape', 'no effect without resegmentRange (as in PyRadiomics).');
  }

  // Texture settings.
  const force2D = bool(get('force2D'), key('force2D'), false, file);
  const dim = get('force2Ddimension');
  if (dim !== undefined && dim !== 0) {
    if (force2D) skip('force2Ddimension', 'only 0 (axial slices, the third index axis) is supported; slices were taken along z.');
    else note('force2Ddimension', 'no effect without force2D.');
  }
  // weightingNorm: None averages the features of the direction matrices; any norm sums the matrices,
  // weighted (GLCM exp(-||d||^2), GLRLM ||d||, d in mm), into one (our merged aggregations).
  const weighting = get('weightingNorm');
  let norm: WeightingNorm | null = null;
  if (weighting !== undefined && weighting !== null) {
    if ((WEIGHTING_NORMS as readonly unknown[]).includes(weighting)) norm = weighting as WeightingNorm;
    else {
      // PyRadiomics logs a warning and weights every direction by 1 (no_weighting) for an unknown norm.
      norm = 'no_weighting';
      note('weightingNorm', `${JSON.stringify(weighting)} is not a norm PyRadiomics knows; it then weights every direction by 1, and so do we (no_weighting).`);
    }
    if (norm !== 'no_weighting' || (WEIGHTING_NORMS as readonly unknown[]).includes(weighting)) {
      note('weightingNorm', `mapped to glcm.weightingNorm and glrlm.weightingNorm ${norm}: one merged matrix per image (aggregation ${force2D ? '2.5D_merged' : '3D_merged'}), direction matrices weighted by ${norm === 'no_weighting' ? '1' : "exp(-||d||^2) (GLCM) and ||d|| (GLRLM), d the offset in mm under that norm"}.`);
    }
  }
  const merged = norm !== null;
  const matrixAggregation: MatrixAggregation = force2D ? (merged ? '2.5D_merged' : '2.5D_direction_merged') : merged ? '3D_merged' : '3D_average';
  const zoneAggregation: ZoneAggregation = force2D ? '2.5D' : '3D';
  if (force2D) note('force2D', `mapped to aggregation ${matrixAggregation} (GLCM, GLRLM) and 2.5D (GLSZM, GLDM, NGTDM); shape stays 3D as in PyRadiomics.`);
  // distances: GLCM offsets are every offset at those Chebyshev distances (cmatrices.c build_angles);
  // NGTDM and GLDM neighbourhoods too (offsets at exactly those distances, so [2] is a shell without the
  // 26 nearest neighbours); GLSZM and GLRLM do not read it.
  let distances: number[] = [1];
  const given = get('distances');
  if (given !== undefined && given !== null) {
    if (!Array.isArray(given) || given.length === 0 || !given.every((d) => Number.isInteger(d) && (d as number) > 0)) {
      throw invalid(key('distances'), `must be a list of positive integers, got ${JSON.stringify(given)}`, file);
    }
    distances = [...new Set(given as number[])].sort((a, b) => a - b);
  }
  const distance = Math.max(...distances);
  const contiguous = distances.every((d, i) => d === i + 1);
  if (given !== undefined && given !== null && !(distances.length === 1 && distance === 1)) {
    note('distances', `mapped to glcm.pyradiomicsDistances [${distances.join(', ')}] (every GLCM offset at those Chebyshev distances, as PyRadiomics)${contiguous ? ` and to NGTDM / GLDM neighbourhood distance ${distance} (the offsets at distances 1..${distance}: the same neighbourhood)` : ''}. Feature ids carry d${distance}.`);
    if (!contiguous) skip('distances', `NGTDM and GLDM: PyRadiomics' neighbourhood is the offsets at exactly distances ${distances.join(', ')}, leaving out the nearer ones; ours is every offset up to the distance (a full cube), so NGTDM and GLDM used the cube up to ${distance} and differ.`);
  }
  const alpha = get('gldm_a') ?? 0;
  if (typeof alpha !== 'number' || !(alpha >= 0)) throw invalid(key('gldm_a'), `must be a number >= 0, got ${JSON.stringify(alpha)}`, file);
  const symmetric = bool(get('symmetricalGLCM'), key('symmetricalGLCM'), true, file);
  if (!symmetric) note('symmetricalGLCM', 'mapped to glcm.symmetric false: asymmetric matrices (row = voxel, column = its neighbour at the offset); cluster, correlation and information-correlation features use p_x and p_y as PyRadiomics does.');
  config.glcm = { aggregations: [matrixAggregation], distance, pyradiomicsDistances: distances.length === 1 && distance === 1 ? null : distances, symmetric, weightingNorm: norm };
  config.glrlm = { aggregations: [matrixAggregation], weightingNorm: norm };
  config.glszm = { aggregations: [zoneAggregation] };
  config.gldzm = { aggregations: [zoneAggregation] };
  config.ngtdm = { aggregations: [zoneAggregation], distance };
  config.ngldm = { aggregations: [zoneAggregation], distance, alpha };

  const shift = get('voxelArrayShift') ?? 0;
  if (typeof shift !== 'number' || !Number.isFinite(shift)) throw invalid(key('voxelArrayShift'), `must be a number, got ${JSON.stringify(shift)}`, file);
  config.compat = 'pyradiomics';
  config.voxelArrayShift = shift;
  if (shift !== 0) note('voxelArrayShift', `mapped to voxelArrayShift ${shift} (compat pyradiomics): stat.energyPyradiomics, stat.totalEnergy and stat.rootMeanSquarePyradiomics add it, as PyRadiomics' Energy, TotalEnergy and RootMeanSquared do; IBSI stat.energy and stat.rootMeanSquare do not.`);

  // Label and mask checks.
  const labelValue = get('label');
  const label = labelValue === undefined || labelValue === null ? null : integer(labelValue, key('label'), file);
  const channel = get('label_channel');
  if (channel !== undefined && channel !== null && channel !== 0) {
    integer(channel, key('label_channel'), file);
    skip('label_channel', `channel ${String(channel)} of a vector (multi-channel) segmentation: masks are read as label maps of one channel here (NIfTI, NRRD, DICOM SEG segments by --label), so the file's single channel was used; split the segmentation into label maps first.`);
  }
  // checkMask: minimumROIDimensions (PyRadiomics' default 2) and minimumROISize (refused when size <= it).
  const minDims = get('minimumROIDimensions') ?? 2;
  if (!(minDims === 1 || minDims === 2 || minDims === 3)) throw invalid(key('minimumROIDimensions'), `must be 1, 2 or 3, got ${JSON.stringify(minDims)}`, file);
  const minSize = get('minimumROISize') ?? null;
  if (minSize !== null && (typeof minSize !== 'number' || !Number.isFinite(minSize) || minSize < 0)) throw invalid(key('minimumROISize'), `must be a number >= 0 or null, got ${JSON.stringify(minSize)}`, file);
  const minimumVoxels = minSize === null ? 2 : Math.max(2, Math.floor(minSize) + 1);
  config.roiChecks = { minimumDimensions: minDims, minimumVoxels };
  if (s.minimumROIDimensions !== undefined) note('minimumROIDimensions', `mapped to roiChecks.minimumDimensions ${minDims}: a thinner ROI (after resampling, and after re-segmentation) is a RoiTooSmall error, as PyRadiomics refuses it.`);
  if (minSize !== null) note('minimumROISize', `mapped to roiChecks.minimumVoxels ${minimumVoxels}: PyRadiomics refuses an ROI of ${minSize} voxels or fewer (RoiTooSmall here).`);
  const tolerance = get('geometryTolerance');
  if (tolerance !== undefined && tolerance !== null) {
    config.geometryTolerance = positive(tolerance, key('geometryTolerance'), file);
    note('geometryTolerance', `mapped to geometryTolerance ${String(tolerance)}. The rule differs slightly: SimpleITK allows origin and spacing differences up to t times the x spacing and direction differences up to t; we allow spacing t relative, direction t, origin 10 t times the smallest spacing.`);
  }
  const correct = bool(get('correctMask'), key('correctMask'), false, file);
  if (correct) {
    config.maskToImageGrid = true;
    note('correctMask', "mapped to maskToImageGrid true: a mask on another grid is resampled onto the image's (nearest neighbour) when its ROI lies within the image, as PyRadiomics' _correctMask; else a GeometryMismatch error.");
  }

  for (const k of Object.keys(NO_EFFECT)) if (k !== 'padDistance' && get(k) !== undefined) note(k, NO_EFFECT[k]);
  for (const [k, filter] of Object.entries(FILTER_SETTINGS)) {
    if (get(k) === undefined) continue;
    if (filter === 'LoG' || filter === 'Wavelet' || filter === 'LBP2D') note(k, `no effect without imageType ${filter} (as in PyRadiomics).`);
    else skip(k, `a ${filter} filter setting; the ${filter} filter is not supported.`);
  }
  const maps = voxelSettings(get, key, note, file);

  for (const k of Object.keys(s)) {
    if (handled.has(k)) continue;
    const near = SETTING_NAMES.find((n) => n.toLowerCase() === k.toLowerCase());
    skip(k, `not a PyRadiomics setting${near ? `; did you mean "${near}" (setting names are case-sensitive)?` : '.'}`);
  }
  return { config: config as ConfigInput, label, naming: { matrixAggregation, zoneAggregation, distance, voxelArrayShift: shift, intensityScale: 1, compat: 'pyradiomics' }, maps };
}

/**
 * kernelRadius, maskedKernel and initValue as extractMaps options (null when none is set); voxelBased
 * and voxelBatch only choose PyRadiomics' mode and batch size. Each is noted: they apply to
 * `radiomics maps`, not to extract.
 */
function voxelSettings(get: (k: string) => unknown, key: (k: string) => string, note: (k: string, reason: string) => void, file: string | undefined): PyradiomicsMapSettings | null {
  const radius = get('kernelRadius');
  const masked = get('maskedKernel');
  const init = get('initValue');
  if (radius !== undefined) note('kernelRadius', 'the kernel radius of `radiomics maps` (extractMaps kernelRadius); extract computes ROI-level features.');
  if (masked !== undefined) note('maskedKernel', 'extractMaps maskedKernel (`radiomics maps --masked-kernel`).');
  if (init !== undefined) note('initValue', 'the value of map voxels outside the ROI (extractMaps outsideValue).');
  if (get('voxelBased') !== undefined) note('voxelBased', 'voxel-based extraction is `radiomics maps` (extractMaps), whatever this value.');
  if (get('voxelBatch') !== undefined) note('voxelBatch', 'no effect: a PyRadiomics memory switch; maps are computed kernel by kernel.');
  if (radius === undefined && masked === undefined && init === undefined) return null;
  const outsideValue = init === undefined || init === null || init === 'nan' || init === 'NaN' ? NaN : init;
  if (typeof outsideValue !== 'number') throw invalid(key('initValue'), `must be a number (or nan), got ${JSON.stringify(init)}`, file);
  return { kernelRadius: radius === undefined ? 1 : positiveInteger(radius, key('kernelRadius'), file), maskedKernel: bool(masked, key('maskedKernel'), true, file), outsideValue };
}

function section(value: unknown, key: string, file: string | undefined): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(key, 'must be a mapping', file);
  return value as Record<string, unknown>;
}

function bool(value: unknown, key: string, dflt: boolean, file: string | undefined): boolean {
  if (value === undefined || value === null) return dflt;
  if (typeof value !== 'boolean') throw invalid(key, `must be true or false, got ${JSON.stringify(value)}`, file);
  return value;
}

function positive(value: unknown, key: string, file: string | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(key, `must be a positive number, got ${JSON.stringify(value)}`, file);
  return value;
}

function positiveInteger(value: unknown, key: string, file: string | undefined): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw invalid(key, `must be a positive integer, got ${JSON.stringify(value)}`, file);
  return value as number;
}

function nonNegativeInteger(value: unknown, key: string, file: string | undefined): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw invalid(key, `must be an integer >= 0, got ${JSON.stringify(value)}`, file);
  return value as number;
}

function integer(value: unknown, key: string, file: string | undefined): number {
  if (!Number.isInteger(value)) throw invalid(key, `must be an integer, got ${JSON.stringify(value)}`, file);
  return value as number;
}

function invalid(key: string, why: string, file: string | undefined): RadiomicsError {
  return new RadiomicsError('InvalidConfig', `${file ? `${file}: ` : ''}PyRadiomics ${key} ${why}`, { key, file });
}
