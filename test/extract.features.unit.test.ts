/**
 * config.features: extract() with a feature selection computes only the selected features, with the same
 * values, bit for bit, as without it (Object.is), on the IBSI digital phantom and a real MRI case, in IBSI
 * and PyRadiomics compatibility mode; the families skip the work only unselected features need.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FAMILIES, extract, extractParallel, isRadiomicsError, parsePyradiomicsParams, resolveConfig, runFamilyTask, type ConfigInput, type ExtractResult, type Mask, type TaskRunner, type Volume } from '../src/index.js';
import { readMask, readVolume } from '../src/node.js';
import { phantomImage, phantomMaskVolume } from './helpers/digital-phantom.js';

const MRI = fileURLToPath(new URL('../fixtures/mri-samples/nrrd/', import.meta.url));

/** Base ids of every feature the config's mode computes (compat-only features only in their mode; shape2d only with shape2D). */
function baseIds(compat: 'ibsi' | 'pyradiomics', families: readonly string[] = Object.keys(FAMILIES)): string[] {
  return families.flatMap((family) =>
    Object.entries(FAMILIES[family as keyof typeof FAMILIES].features as Record<string, { compat?: string }>)
      .filter(([key, def]) => (def.compat === undefined || def.compat === compat) && !key.startsWith('shape2d'))
      .map(([key]) => `${family}.${key}`),
  );
}

/** The output ids (prefix "family.feature." or exactly "family.feature") of a base id. */
const ofBase = (id: string, base: string) => id === base || id.startsWith(`${base}.`) || id.includes(`:${base}.`) || id.endsWith(`:${base}`);

/** Every feature of `selected` equals the full result's, with Object.is; nothing else is output; warnings are the full result's about the selected ids. */
function expectSubset(full: ExtractResult, selected: ExtractResult, ids: readonly string[]): void {
  const want = full.features.filter((f) => ids.some((b) => ofBase(f.id, b)));
  expect(selected.features.map((f) => f.id)).toEqual(want.map((f) => f.id));
  for (const [i, f] of selected.features.entries()) expect(Object.is(f.value, want[i].value), `${f.id}: ${f.value} vs ${want[i].value}`).toBe(true);
  const kept = new Set(want.map((f) => f.id));
  expect(selected.warnings).toEqual(full.warnings.filter((w) => w.feature === undefined || kept.has(w.feature)));
}

const CASES: [string, () => { image: Volume; mask: Mask }, ConfigInput, string | undefined][] = [
  ['IBSI digital phantom, IBSI preset', () => ({ image: phantomImage(), mask: { volume: phantomMaskVolume(), label: 1 } }), {}, 'ibsi1-digital-phantom'],
  ['MRI brain1, FBN 32', () => ({ image: readVolume(`${MRI}brain1_image.nrrd`), mask: readMask(`${MRI}brain1_label.nrrd`, 1) }), { discretisation: { method: 'fixedBinNumber', bins: 32 } }, undefined],
  [
    'MRI brain1, compat pyradiomics, a LoG-like image type',
    () => ({ image: readVolume(`${MRI}brain1_image.nrrd`), mask: readMask(`${MRI}brain1_label.nrrd`, 1) }),
    { compat: 'pyradiomics', discretisation: { method: 'fixedBinSize', width: 25, binning: 'pyradiomics' }, imageTypes: [{ type: 'original' }, { type: 'square' }] },
    undefined,
  ],
];

describe.each(CASES)('config features on %s', (_name, load, config, preset) => {
  const { image, mask } = load();
  const compat = config.compat === 'pyradiomics' ? 'pyradiomics' : 'ibsi';
  const full = extract(image, mask, config, { preset });
  const morphIds = baseIds(compat, ['morph']);
  const morphFull = extract(image, mask, { ...config, families: ['morph'] }, { preset });

  test.each(morphIds)('morph alone: %s has its full-extraction value', (id) => {
    expectSubset(morphFull, extract(image, mask, { ...config, families: ['morph'], features: [id] }, { preset }), [id]);
  });

  test('a selection across families (every second feature), on every image type', () => {
    const ids = baseIds(compat).filter((_, i) => i % 2 === 0);
    expectSubset(full, extract(image, mask, { ...config, features: ids }, { preset }), ids);
  });

  test('a selection without morph, li, ivh or the texture families but glcm: those families are not computed', () => {
    const ids = ['stat.mean', 'ih.entropy', 'glcm.jointMaximum'];
    const stages: string[] = [];
    const result = extract(image, mask, { ...config, features: ids }, { preset, onStage: (s) => stages.push(s) });
    expectSubset(full, result, ids);
    expect(stages).toEqual(['preprocess', 'stat', 'ih', 'glcm', 'provenance']);
  });

  test('selecting every feature gives the full result (config echoed aside)', () => {
    const ids = baseIds(compat);
    const result = extract(image, mask, { ...config, features: ids }, { preset });
    expect(result.features).toEqual(full.features);
    expect(result.warnings).toEqual(full.warnings);
  });

  test('extractParallel with a selection: the same as extract(), bit for bit (Moran / Geary not scheduled without them)', async () => {
    const ids = ['morph.volume', 'morph.maximum3dDiameter', 'stat.mean', 'glrlm.runPercentage'];
    const seen: boolean[] = [];
    const runner: TaskRunner = async (task) => {
      seen.push(task.spatial);
      return structuredClone(runFamilyTask(structuredClone(task)));
    };
    const expected = extract(image, mask, { ...config, features: ids }, { preset });
    const result = await extractParallel(image, mask, { ...config, features: ids }, { preset, runners: [runner, runner] });
    expect(JSON.stringify(result)).toBe(JSON.stringify(expected));
    expect(seen).not.toContain(true);
  });
});

describe("a PyRadiomics parameter file's selection (parsePyradiomicsParams)", () => {
  const DEFAULT_FILE = 'imageType: {Original: {}}\nfeatureClass: {shape: , firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\nsetting: {binWidth: 25, label: 1}\n';
  test.each([
    ['IBSI digital phantom', () => ({ image: phantomImage(), mask: { volume: phantomMaskVolume(), label: 1 } })],
    ['MRI brain1', () => ({ image: readVolume(`${MRI}brain1_image.nrrd`), mask: readMask(`${MRI}brain1_label.nrrd`, 1) })],
  ])('%s: every selected value equals the one computed with every feature (Object.is)', (_name, load) => {
    const { image, mask } = load();
    const p = parsePyradiomicsParams(DEFAULT_FILE);
    expect(p.config.features).not.toBeNull();
    expectSubset(extract(image, mask, { ...p.config, features: null }), extract(image, mask, p.config), p.config.features!);
  });

  test('a class with names selects those (their PyRadiomics definitions in compat mode), noted as such', () => {
    const p = parsePyradiomicsParams({ featureClass: { glcm: ['JointAverage', 'MCC', 'Correlation'], firstorder: null } });
    expect(p.config.features).toEqual(expect.arrayContaining(['glcm.jointAverage', 'glcm.maximalCorrelationCoefficient', 'glcm.correlationPyradiomics', 'stat.kurtosisPyradiomics', 'ih.entropy']));
    expect(p.config.features).not.toContain('glcm.correlation');
    expect(p.config.features).not.toContain('stat.kurtosis');
    expect(p.config.features!.filter((id) => id.startsWith('glcm.'))).toHaveLength(3);
    expect(p.notes.find((n) => n.key === 'featureClass.glcm')?.reason).toMatch(/only the 3 listed features are computed/);
  });
});

describe('resolveConfig features', () => {
  test('default null: every feature', () => {
    expect(resolveConfig({}).features).toBeNull();
  });
  test('a selected feature of a family left out of families is allowed (not computed): selection and families compose', () => {
    expect(resolveConfig({ features: ['morph.volume', 'glcm.jointMaximum'], families: ['glcm'] }).features).toEqual(['morph.volume', 'glcm.jointMaximum']);
  });
  test('[] selects no feature (extract then gives none)', () => {
    expect(resolveConfig({ features: [] }).features).toEqual([]);
  });
  test('ids are deduplicated and put in output order', () => {
    expect(resolveConfig({ features: ['glcm.jointMaximum', 'morph.volume', 'glcm.jointMaximum'] }).features).toEqual(['morph.volume', 'glcm.jointMaximum']);
  });
  test.each([
    [{ features: ['glcm.jointMaximun'] }, /"glcm\.jointMaximun" is not a feature id.*did you mean "glcm\.jointMaximum"/],
    [{ features: ['glcm.jointMaximum.3D_average'] }, /is not a feature id/],
    [{ features: 'stat.mean' }, /must be null \(every feature\) or a list/],
    [{ features: ['stat.kurtosisPyradiomics'] }, /applies only with compat 'pyradiomics'/],
  ])('%j is an InvalidConfig error naming the id', (input, message) => {
    let error: unknown;
    try {
      resolveConfig(input);
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error) && error.code).toBe('InvalidConfig');
    expect((error as Error).message).toMatch(message);
  });
});
