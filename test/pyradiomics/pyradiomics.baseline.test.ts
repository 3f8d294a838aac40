/**
 * PyRadiomics' own baseline (fixtures/pyradiomics-baseline: data/baseline/baseline_<class>.csv of the
 * PyRadiomics repository, made with PyRadiomics 2.0.1; SOURCE.md) for the settings the 3.1 reference
 * (fixtures/pyradiomics-reference) does not cover: resampling to 2 mm with sitkBSpline, re-segmentation in
 * sigma mode, normalisation, force2D (columns _2d) and weightingNorm no_weighting (_combined), on the three
 * MRI samples. Each column's own settings (its
 * diagnostics_Configuration_Settings row) go through parsePyradiomicsParams as a parameter file would; every
 * original_<class>_* value must be matched to 1e-4 relative by the column of that PyRadiomics name.
 * Values we do not match are listed in EXPECTED_FAILURES with the reason and run as expected failures. Shape
 * is left out: its mesh code is older than PyRadiomics 3 (issue 23 says not to tune to it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, parsePyradiomicsParams, withPyradiomicsNames, type FeatureValue } from '../../src/index.js';
import { readMask, readVolume } from '../../src/node.js';

const BASELINE = fileURLToPath(new URL('../../fixtures/pyradiomics-baseline/', import.meta.url));
const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/nifti/', import.meta.url));
const TOLERANCE = 1e-4;
const CLASSES = ['firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;
const CASES = ['brain1', 'brain2', 'breast1'] as const;
const VARIANTS = ['resampling', 'resegmentation', 'normalization', '2d', 'combined'] as const;

/** `<column>:<feature>` -> why it does not match. */
const EXPECTED_FAILURES: Readonly<Record<string, string>> = {};

/** A CSV line split on commas outside double quotes. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** A Python dict literal of settings ({'a': [1, 2], 'b': True, 'c': None}) as an object. */
function pythonDict(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null')) as Record<string, unknown>;
}

interface Column {
  readonly cls: (typeof CLASSES)[number];
  readonly column: string;
  readonly settings: Record<string, unknown>;
  readonly features: Record<string, number>;
}

function columns(): Column[] {
  const out: Column[] = [];
  for (const cls of CLASSES) {
    const lines = readFileSync(`${BASELINE}baseline_${cls}.csv`, 'utf8').trim().split('\n').map(splitCsv);
    const header = lines[0];
    for (const img of CASES) {
      for (const variant of VARIANTS) {
        const column = `${img}_${variant}`;
        const k = header.indexOf(column);
        if (k < 0) continue;
        const settings = pythonDict(lines.find((l) => l[0] === 'diagnostics_Configuration_Settings')![k]);
        const features: Record<string, number> = {};
        for (const l of lines) if (l[0].startsWith(`original_${cls}_`)) features[l[0]] = Number(l[k]);
        out.push({ cls, column, settings, features });
      }
    }
  }
  return out;
}

const COLUMNS = columns();

function ours(c: Column): Map<string, FeatureValue> {
  const img = c.column.split('_')[0];
  const p = parsePyradiomicsParams({ setting: c.settings, featureClass: { [c.cls]: null } });
  const r = withPyradiomicsNames(extract(readVolume(`${MRI}${img}_image.nii.gz`), readMask(`${MRI}${img}_label.nii.gz`, p.label ?? 1), p.config), p.naming);
  return new Map(r.features.map((f) => [f.id, f]));
}

describe('PyRadiomics 2.0.1 baseline (resampling, re-segmentation, normalisation, force2D, weightingNorm)', () => {
  test('the baseline covers resampling, re-segmentation and normalisation columns for every class, force2D (_2d) for the texture classes, weightingNorm no_weighting (_combined) for GLCM and GLRLM', () => {
    // 6 classes x 3 cases x 3 variants, 5 texture classes x 3 cases (_2d), 2 classes x 3 cases (_combined).
    expect(COLUMNS.length).toBe(6 * 3 * 3 + 5 * 3 + 2 * 3);
  });
  for (const c of COLUMNS) {
    const rows = Object.entries(c.features).map(([name, value]) => ({ name, value, reason: EXPECTED_FAILURES[`${c.column}:${name}`] }));
    describe(`${c.column} ${c.cls}`, () => {
      let computed: Map<string, FeatureValue> | undefined;
      const get = () => (computed ??= ours(c));
      for (const row of rows) {
        const check = () => {
          const f = get().get(row.name);
          expect(f, `no column ${row.name}`).toBeDefined();
          const v = f!.value as number;
          expect(Math.abs(v - row.value)).toBeLessThanOrEqual(TOLERANCE * Math.max(Math.abs(row.value), 1e-12));
        };
        if (row.reason === undefined) test(`${row.name} = ${row.value}`, check);
        else test.fails(`${row.name} = ${row.value} (expected failure: ${row.reason})`, check);
      }
    });
  }
});
