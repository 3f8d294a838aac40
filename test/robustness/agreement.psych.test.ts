/**
 * Agreement statistics against R (test/robustness/reference: reference.R ran psych 2.2.9 ICC(lmer = FALSE) and
 * epiR 2.0.57 epi.ccc / epi.occc on three long tables, 30 x 3, 12 x 2 and 7 x 5 subjects x sessions). The
 * tables also hold columns R has no answer for, whose results are fixed by the rule in agreement.ts: constant
 * (0.7, 0.1, 42), constant up to one ulp (undefined), and perfectly agreeing (ICC 1 with bounds 1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ICC_TYPES, type IccType } from '../../src/robustness/agreement.js';
import { agreementFromTable } from '../../src/robustness/table.js';
import { parseCsv } from '../../src/util/csv.js';

type PsychIcc = Record<IccType, { value: number; lower: number; upper: number; f: number; df1: number; df2: number; p: number }>;
interface Reference {
  readonly features: Record<string, { icc: PsychIcc; ccc: number }>;
  /** psych on the raw tinyReal column (1e6 +- 1e-3), whose aov loses digits; `features` has it shifted. */
  readonly psychUnshifted: Record<string, PsychIcc>;
  /** epiR::epi.occc, which uses n - 1 moments (ours and epi.ccc: 1/n), for tables of more than 2 sessions. */
  readonly occcEpiR: Record<string, number>;
}

const DIR = new URL('./reference/', import.meta.url);
const TABLES = ['agreement-30x3', 'agreement-12x2', 'agreement-7x5'] as const;
const CONSTANT = ['spacing', 'binWidth', 'constant42', 'nearConstant'];

const tables = Object.fromEntries(TABLES.map((t) => [t, parseCsv(readFileSync(new URL(`${t}.csv`, DIR), 'utf8'), t)]));
const results = Object.fromEntries(TABLES.map((t) => [t, agreementFromTable(tables[t], { subject: 'subject', repeat: 'session' })]));
const references = Object.fromEntries(TABLES.map((t) => [t, JSON.parse(readFileSync(new URL(`${t}.reference.json`, DIR), 'utf8')) as Reference]));

// One row per (table, feature, form, quantity). psych prints 15 significant digits; our F quantile inverts the
// incomplete beta by bisection, so bounds get 1e-9 and the rest 1e-10 (relative to max(1, |value|)).
const rows = TABLES.flatMap((t) => Object.entries(references[t].features).flatMap(([feature, ref]) => ICC_TYPES.flatMap((form) => (['value', 'lower', 'upper', 'f', 'p'] as const).map((q) => ({ t, feature, form, q, expected: ref.icc[form][q], tolerance: q === 'lower' || q === 'upper' ? 1e-9 : 1e-10 })))));

describe('intraclassCorrelations equal psych::ICC', () => {
  test('the references cover 6 features per table (5 realistic and one with tiny but real variation)', () => {
    for (const t of TABLES) expect(Object.keys(references[t].features).sort()).toEqual(['firstorder.mean', 'firstorder.variance', 'glcm.contrast', 'ih.entropy', 'morphology.volume', 'tinyReal']);
  });
  test.each(rows)('$t $feature $form $q = $expected (psych)', ({ t, feature, form, q, expected, tolerance }) => {
    const f = results[t].features.find((x) => x.id === feature);
    const actual = f?.agreement?.icc[form][q] as number;
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
  });
  test.each(TABLES)('%s: degrees of freedom as psych', (t) => {
    for (const [feature, ref] of Object.entries(references[t].features)) {
      const f = results[t].features.find((x) => x.id === feature);
      for (const form of ICC_TYPES) expect([f?.agreement?.icc[form].df1, f?.agreement?.icc[form].df2]).toEqual([ref.icc[form].df1, ref.icc[form].df2]);
    }
  });
});

describe('concordance equals epiR (epi.ccc for 2 sessions, epi.occc for 3 and 5)', () => {
  const ccc = TABLES.flatMap((t) => Object.entries(references[t].features).map(([feature, ref]) => ({ t, feature, expected: ref.ccc })));
  test.each(ccc)('$t $feature CCC = $expected', ({ t, feature, expected }) => {
    const f = results[t].features.find((x) => x.id === feature);
    expect(Math.abs((f?.agreement?.ccc as number) - expected)).toBeLessThanOrEqual(1e-12);
  });
});

/** Barnhart's overall CCC with n - 1 moments (as epi.occc): 2 sum s_jl / ((k - 1) sum s_j^2 + sum (m_j - m_l)^2). */
function occcSampleMoments(t: (typeof TABLES)[number], feature: string): number {
  const table = tables[t];
  const [si, ri, fi] = ['subject', 'session', feature].map((c) => table.header.indexOf(c));
  const sessions = [...new Set(table.rows.map((r) => r[ri]))];
  const subjects = [...new Set(table.rows.map((r) => r[si]))];
  // minus the first value, as reference.R gives epi.occc a large-offset column (the CCC is shift-invariant)
  const raw = sessions.map((s) => subjects.map((u) => Number(table.rows.find((r) => r[si] === u && r[ri] === s)?.[fi])));
  const x = raw.map((v) => v.map((y) => y - raw[0][0]));
  const n = subjects.length;
  const mean = x.map((v) => v.reduce((a, b) => a + b, 0) / n);
  const cov = (j: number, l: number) => x[j].reduce((a, v, i) => a + (v - mean[j]) * (x[l][i] - mean[l]), 0) / (n - 1);
  let num = 0;
  let den = 0;
  for (let j = 0; j < x.length; j++) {
    den += (x.length - 1) * cov(j, j);
    for (let l = j + 1; l < x.length; l++) { num += 2 * cov(j, l); den += (mean[j] - mean[l]) ** 2; }
  }
  return num / den;
}

describe('epiR::epi.occc differs only by its n - 1 moments (a documented difference, not a tolerance)', () => {
  const rowsOccc = (['agreement-30x3', 'agreement-7x5'] as const).flatMap((t) => Object.entries(references[t].occcEpiR).map(([feature, expected]) => ({ t, feature, expected })));
  test.each(rowsOccc)('$t $feature: the formula with n - 1 moments = epi.occc $expected', ({ t, feature, expected }) => {
    expect(Math.abs(occcSampleMoments(t, feature) - expected)).toBeLessThanOrEqual(1e-12);
  });
});

describe('psych on a small spread over a large offset (tinyReal, 1e6 +- 1e-3)', () => {
  test.each(TABLES)('%s: psych on the raw values is off by its aov rounding (< 1e-6), ours matches psych on shifted values (above)', (t) => {
    const f = results[t].features.find((x) => x.id === 'tinyReal');
    for (const form of ICC_TYPES) expect(Math.abs((f?.agreement?.icc[form].value as number) - references[t].psychUnshifted.tinyReal[form].value)).toBeLessThan(1e-6);
  });
});

describe.each(TABLES)('%s: columns without an R reference follow the rule', (t) => {
  const r = results[t];
  test.each(CONSTANT)('%s is undefined: every ICC, bound, F, p, the CCC and wCV null, not robust, a ConstantFeature warning', (id) => {
    const f = r.features.find((x) => x.id === id);
    const a = f?.agreement;
    expect(a?.anova.variation).toBe('constant');
    for (const form of ICC_TYPES) expect([a?.icc[form].value, a?.icc[form].lower, a?.icc[form].upper, a?.icc[form].f, a?.icc[form].p]).toEqual([null, null, null, null, null]);
    expect([a?.ccc, a?.wcv, f?.robust]).toEqual([null, null, null]);
    expect(r.warnings.filter((w) => w.code === 'ConstantFeature' && w.feature === id)).toHaveLength(1);
  });
  test('perfectAgreement: every ICC 1 with bounds 1, p 0, CCC 1, wCV 0, robust', () => {
    const f = r.features.find((x) => x.id === 'perfectAgreement');
    for (const form of ICC_TYPES) expect(f?.agreement?.icc[form]).toMatchObject({ value: 1, lower: 1, upper: 1, f: null, p: 0 });
    expect([f?.agreement?.ccc, f?.agreement?.wcv, f?.robust]).toEqual([1, 0, true]);
  });
  test('exactly the constant columns are warned about', () => {
    expect(r.warnings.map((w) => w.feature).sort()).toEqual([...CONSTANT].sort());
  });
});
