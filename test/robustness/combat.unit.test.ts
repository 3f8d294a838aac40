/**
 * ComBat on generated multi-batch data with known batch shifts and scales (and covariate effects).
 */
import { describe, expect, test } from 'vitest';
import { combatApply, combatFit, parseCombatModel, type CombatCovariate, type CombatData } from '../../src/robustness/combat.js';
import { createRandom } from '../../src/robustness/random.js';
import { isRadiomicsError, type ErrorCode } from '../../src/errors.js';

const BATCHES = { A: { n: 40, shift: 0, scale: 1 }, B: { n: 50, shift: 3, scale: 2 }, C: { n: 60, shift: -2, scale: 0.5 } } as const;
const P = 12;

/** y_f = 10 f + [covariates: 0.05 f age + (M: 1 + 0.2 f)] + shift_b (1 + f/12) + scale_b N(0, 1). Batch C is older. */
function generate(seed: number, withCovariates: boolean): CombatData & { age: number[]; sex: string[] } {
  const rng = createRandom(seed);
  const batch: string[] = [];
  const age: number[] = [];
  const sex: string[] = [];
  const rows: number[] = [];
  for (const [name, b] of Object.entries(BATCHES)) {
    for (let i = 0; i < b.n; i++) {
      const a = 20 + 60 * rng.uniform() + (name === 'C' ? 10 : 0);
      const s = rng.uniform() < 0.5 ? 'F' : 'M';
      batch.push(name);
      age.push(a);
      sex.push(s);
      for (let f = 0; f < P; f++) {
        const cov = withCovariates ? 0.05 * f * a + (s === 'M' ? 1 + 0.2 * f : 0) : 0;
        rows.push(10 * f + cov + b.shift * (1 + f / 12) + b.scale * rng.normal());
      }
    }
  }
  const covariates: CombatCovariate[] = withCovariates ? [{ name: 'age', kind: 'continuous', values: age }, { name: 'sex', kind: 'categorical', values: sex }] : [];
  return { features: Array.from({ length: P }, (_, f) => `f${f}`), values: Float64Array.from(rows), batch, covariates, age, sex };
}

function batchMoments(values: Float64Array, batch: readonly string[], f: number, name: string): { mean: number; variance: number } {
  const v: number[] = [];
  batch.forEach((b, i) => { if (b === name) v.push(values[i * P + f]); });
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return { mean, variance: v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1) };
}

function expectCode(fn: () => unknown, code: ErrorCode): void {
  try {
    fn();
  } catch (e) {
    expect(isRadiomicsError(e, code), String(e)).toBe(true);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

describe('combatFit on data with known batch shifts and scales', () => {
  const data = generate(1, false);

  test('before: batch means differ by the shifts and variances by the scales', () => {
    const a = batchMoments(data.values, data.batch, 0, 'A');
    const b = batchMoments(data.values, data.batch, 0, 'B');
    expect(b.mean - a.mean).toBeGreaterThan(2.4);
    expect(b.variance / a.variance).toBeGreaterThan(2.5);
  });

  test('no-EB: every batch mean equals the pooled mean and every batch variance the pooled variance (exactly)', () => {
    const { harmonised, model } = combatFit(data, { eb: false });
    for (let f = 0; f < P; f++) {
      const m = ['A', 'B', 'C'].map((b) => batchMoments(harmonised, data.batch, f, b));
      for (const x of m) {
        expect(x.mean).toBeCloseTo(model.grandMean[f] as number, 9);
        expect(x.variance).toBeCloseTo(model.varPooled[f] as number, 9);
      }
    }
  });

  /** Largest difference between batch means (and log variance ratio) over features. */
  function spread(values: Float64Array): { mean: number; logVariance: number } {
    let mean = 0;
    let logVariance = 0;
    for (let f = 0; f < P; f++) {
      const m = ['A', 'B', 'C'].map((b) => batchMoments(values, data.batch, f, b));
      for (const x of m) {
        mean = Math.max(mean, Math.abs(x.mean - m[0].mean));
        logVariance = Math.max(logVariance, Math.abs(Math.log(x.variance / m[0].variance)));
      }
    }
    return { mean, logVariance };
  }

  // Empirical Bayes shrinks each batch estimate towards the mean over features, so with 12 features whose
  // shifts differ (1 + f/12) some batch difference is left by design; it must shrink by an order of magnitude.
  // Variances: the within-batch sample variances of 40-60 samples carry ~20% sampling error, which EB
  // shrinks only part-way, so the log variance spread must shrink >= 3x.
  test('parametric EB: batch mean differences shrink >= 10x, log variance spread >= 3x', () => {
    const before = spread(data.values);
    const after = spread(combatFit(data).harmonised);
    expect(after.mean).toBeLessThan(before.mean / 10);
    expect(after.logVariance).toBeLessThan(before.logVariance / 3);
  });

  // The non-parametric prior replaces a feature's estimate by a likelihood-weighted average of the OTHER
  // features' estimates; with only 11 others and shifts that differ by feature, it is coarse (it is meant
  // for hundreds of features), so the bound is looser: >= 3x on means, >= 2x on log variances.
  test('non-parametric EB: batch mean differences shrink >= 3x, log variance spread >= 2x', () => {
    const before = spread(data.values);
    const after = spread(combatFit(data, { parametric: false }).harmonised);
    expect(after.mean).toBeLessThan(before.mean / 3);
    expect(after.logVariance).toBeLessThan(before.logVariance / 2);
  });

  // What is left is the sampling error of the batch means: after harmonisation a batch mean is off by about
  // sigma / sqrt(n_b), so two batches differ by sigma sqrt(1/n_A + 1/n_b) (one SD); allow 3 SD.
  test('non-parametric EB with a shift common to all features (its assumption): means agree within 3 sampling SDs', () => {
    const rng = createRandom(11);
    const batch: string[] = [];
    const rows: number[] = [];
    for (const [name, b] of Object.entries(BATCHES)) {
      for (let i = 0; i < b.n; i++) {
        batch.push(name);
        for (let f = 0; f < P; f++) rows.push(10 * f + b.shift + b.scale * rng.normal());
      }
    }
    const common: CombatData = { features: data.features, values: Float64Array.from(rows), batch };
    const { harmonised, model } = combatFit(common, { parametric: false });
    for (let f = 0; f < P; f++) {
      const m = ['A', 'B', 'C'].map((b) => batchMoments(harmonised, batch, f, b));
      const sizes = [BATCHES.A.n, BATCHES.B.n, BATCHES.C.n];
      m.forEach((x, b) => expect(Math.abs(x.mean - m[0].mean)).toBeLessThanOrEqual(3 * Math.sqrt((model.varPooled[f] as number) * (1 / sizes[0] + 1 / sizes[b]))));
    }
  });

  test('mean-only: means equalised, scale differences kept', () => {
    const { harmonised } = combatFit(data, { meanOnly: true, eb: false });
    const a = batchMoments(harmonised, data.batch, 3, 'A');
    const b = batchMoments(harmonised, data.batch, 3, 'B');
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(1e-9);
    expect(b.variance / a.variance).toBeGreaterThan(2.5);
  });

  test('reference batch: its samples are unchanged, the others take its mean and variance (no-EB: exactly)', () => {
    const { harmonised } = combatFit(data, { eb: false, refBatch: 'B' });
    data.batch.forEach((b, i) => {
      if (b === 'B') for (let f = 0; f < P; f++) expect(harmonised[i * P + f]).toBe(data.values[i * P + f]);
    });
    for (let f = 0; f < P; f++) {
      const ref = batchMoments(data.values, data.batch, f, 'B');
      for (const name of ['A', 'C']) {
        const x = batchMoments(harmonised, data.batch, f, name);
        expect(x.mean).toBeCloseTo(ref.mean, 9);
        // variance of the reference batch with the n_ref denominator (neuroCombat's var_pooled)
        expect(x.variance).toBeCloseTo((ref.variance * (BATCHES.B.n - 1)) / BATCHES.B.n, 9);
      }
    }
  });

  test('same input, same output (bit-identical)', () => {
    expect(combatFit(data).harmonised).toEqual(combatFit(data).harmonised);
  });
});

describe('covariates', () => {
  const data = generate(2, true);
  /** OLS slope of feature f on [1, age, sex=M] over all samples. */
  function effects(values: Float64Array, f: number): { age: number; male: number } {
    // normal equations for 3 columns, solved by Cramer's rule
    const x = data.age.map((a, i) => [1, a, data.sex[i] === 'M' ? 1 : 0]);
    const y = data.batch.map((_, i) => values[i * P + f]);
    const xtx = [0, 1, 2].map((r) => [0, 1, 2].map((c) => x.reduce((s, row) => s + row[r] * row[c], 0)));
    const xty = [0, 1, 2].map((r) => x.reduce((s, row, i) => s + row[r] * y[i], 0));
    const det = (m: number[][]) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    const d = det(xtx);
    const col = (k: number) => det(xtx.map((row, r) => row.map((v, c) => (c === k ? xty[r] : v))));
    return { age: col(1) / d, male: col(2) / d };
  }

  test('age (continuous) and sex (categorical) effects are preserved within 20% of the truth', () => {
    const { harmonised } = combatFit(data, {});
    for (const f of [4, 8, 11]) {
      const e = effects(harmonised, f);
      expect(Math.abs(e.age / (0.05 * f) - 1)).toBeLessThan(0.2);
      expect(Math.abs(e.male / (1 + 0.2 * f) - 1)).toBeLessThan(0.2);
    }
  });

  test('the design names one column per non-baseline level', () => {
    const { model } = combatFit(data);
    expect(model.designColumns).toEqual(['age', 'sex=M']);
    expect(model.covariates).toEqual([{ name: 'age', kind: 'continuous' }, { name: 'sex', kind: 'categorical', levels: ['F', 'M'] }]);
  });

  test('fit-then-apply equals fit-and-transform, through a JSON round trip of the model (bit-identical)', () => {
    const { harmonised, model } = combatFit(data, { parametric: true });
    const restored = parseCombatModel(JSON.parse(JSON.stringify(model)));
    expect(combatApply(restored, data)).toEqual(harmonised);
  });

  test('apply to new samples of known batches: held-out samples get the same transform as in training', () => {
    // fit on all but the last 10 samples of each batch, apply to those 10
    const train: number[] = [];
    const held: number[] = [];
    let start = 0;
    for (const b of Object.values(BATCHES)) {
      for (let i = 0; i < b.n; i++) (i < b.n - 10 ? train : held).push(start + i);
      start += b.n;
    }
    const subset = (idx: number[]): CombatData => ({
      features: data.features,
      values: Float64Array.from(idx.flatMap((i) => Array.from(data.values.subarray(i * P, (i + 1) * P)))),
      batch: idx.map((i) => data.batch[i]),
      covariates: [{ name: 'age', kind: 'continuous', values: idx.map((i) => data.age[i]) }, { name: 'sex', kind: 'categorical', values: idx.map((i) => data.sex[i]) }],
    });
    const fit = combatFit(subset(train));
    const out = combatApply(fit.model, subset(held));
    // each held-out sample: y* = sd (z - gamma*) / delta* + stand; check one by hand
    const i = 0;
    const f = 5;
    const b = fit.model.batches.indexOf(subset(held).batch[i]);
    const stand = (fit.model.grandMean[f] as number) + data.age[held[i]] * (fit.model.beta[0][f] as number) + (data.sex[held[i]] === 'M' ? (fit.model.beta[1][f] as number) : 0);
    const sd = Math.sqrt(fit.model.varPooled[f] as number);
    const expected = (sd * ((data.values[held[i] * P + f] - stand) / sd - (fit.model.gammaStar[b][f] as number))) / Math.sqrt(fit.model.deltaStar[b][f] as number) + stand;
    expect(out[i * P + f]).toBeCloseTo(expected, 10);
  });
});

describe('input checks', () => {
  const data = generate(3, false);
  test('a batch with one sample is SingleSampleBatch; with mean-only it is allowed', () => {
    const one: CombatData = { ...data, batch: data.batch.map((b, i) => (i === 0 ? 'Z' : b)) };
    expectCode(() => combatFit(one), 'SingleSampleBatch');
    expect(() => combatFit(one, { meanOnly: true })).not.toThrow();
  });
  test('a constant feature is returned unchanged and listed in passedThrough', () => {
    const values = Float64Array.from(data.values);
    for (let i = 0; i < data.batch.length; i++) values[i * P + 2] = 7;
    const fit = combatFit({ ...data, values });
    expect(fit.model.passedThrough).toEqual(['f2']);
    expect(fit.warnings[0]).toMatch(/f2/);
    for (let i = 0; i < data.batch.length; i++) expect(fit.harmonised[i * P + 2]).toBe(7);
  });
  test('a missing value is MissingValues naming the feature', () => {
    const values = Float64Array.from(data.values);
    values[5 * P + 1] = NaN;
    expectCode(() => combatFit({ ...data, values }), 'MissingValues');
  });
  test('a covariate that is the batch indicator is ConfoundedDesign', () => {
    expectCode(() => combatFit({ ...data, covariates: [{ name: 'site', kind: 'categorical', values: data.batch }] }), 'ConfoundedDesign');
  });
  test('applying to an unseen batch is UnknownBatch; a malformed model is InvalidModel', () => {
    const fit = combatFit(data);
    expectCode(() => combatApply(fit.model, { ...data, batch: data.batch.map(() => 'Q') }), 'UnknownBatch');
    expectCode(() => parseCombatModel({ ...fit.model, version: 99 }), 'InvalidModel');
  });
  test('an unknown reference batch is UnknownBatch', () => {
    expectCode(() => combatFit(data, { refBatch: 'nope' }), 'UnknownBatch');
  });
});
