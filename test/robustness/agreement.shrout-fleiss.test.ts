/**
 * ICCs against Shrout & Fleiss (1979), Table 2 (6 targets x 4 judges) and the values they print in the
 * text (Psychol Bull 86:420-428). Confidence intervals against the psych::ICC output for the same data
 * (the example of its help page, transcribed by us; bounds printed to 2-3 digits), and below against R
 * DescTools::ICC on McGraw & Wong's Table 6 (an independent, published verification).
 */
import { describe, expect, test } from 'vitest';
import { anova, intraclassCorrelations, ratingsFromRows, type IccType } from '../../src/robustness/agreement.js';
import { fQuantile } from '../../src/robustness/distributions.js';

const TABLE_2 = ratingsFromRows([
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
]);

describe('Shrout & Fleiss 1979 Table 2', () => {
  test('anova(TABLE_2): BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02 (their Table 3)', () => {
    const a = anova(TABLE_2);
    expect(a.msr).toBeCloseTo(11.24, 2);
    expect(a.msw).toBeCloseTo(6.26, 2);
    expect(a.msc).toBeCloseTo(32.49, 2);
    expect(a.mse).toBeCloseTo(1.02, 2);
  });

  const PRINTED: [IccType, number][] = [
    ['ICC(1,1)', 0.17],
    ['ICC(2,1)', 0.29],
    ['ICC(3,1)', 0.71],
    ['ICC(1,k)', 0.44],
    ['ICC(2,k)', 0.62],
    ['ICC(3,k)', 0.91],
  ];
  test.each(PRINTED)('intraclassCorrelations(TABLE_2)[%s] = %s (printed to 2 decimals)', (type, value) => {
    const v = intraclassCorrelations(TABLE_2)[type].value as number;
    expect(Math.abs(v - value)).toBeLessThanOrEqual(0.005);
  });

  // psych::ICC(sf) (Revelle; its help page runs this example): lower and upper 95% bounds.
  const PSYCH_CI: [IccType, number, number, number][] = [
    ['ICC(1,1)', -0.133, 0.72, 1.8],
    ['ICC(2,1)', 0.019, 0.76, 11],
    ['ICC(3,1)', 0.342, 0.95, 11],
    ['ICC(1,k)', -0.884, 0.91, 1.8],
    ['ICC(2,k)', 0.071, 0.93, 11],
    ['ICC(3,k)', 0.676, 0.99, 11],
  ];
  test.each(PSYCH_CI)('%s 95%% CI = [%s, %s], F = %s (psych::ICC)', (type, lower, upper, f) => {
    const e = intraclassCorrelations(TABLE_2)[type];
    expect(Math.abs((e.lower as number) - lower)).toBeLessThanOrEqual(0.0015);
    expect(Math.abs((e.upper as number) - upper)).toBeLessThanOrEqual(0.006);
    expect(Math.abs((e.f as number) - f)).toBeLessThanOrEqual(0.06);
  });

  test('degrees of freedom: ICC(1,.) 5 and 18, ICC(2,.) and ICC(3,.) 5 and 15', () => {
    const r = intraclassCorrelations(TABLE_2);
    expect([r['ICC(1,1)'].df1, r['ICC(1,1)'].df2]).toEqual([5, 18]);
    expect([r['ICC(3,1)'].df1, r['ICC(3,1)'].df2]).toEqual([5, 15]);
  });
});

describe('fQuantile', () => {
  // Printed F tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.3), upper 2.5% and 5% points.
  test.each([
    [0.975, 5, 15, 3.576],
    [0.975, 5, 18, 3.382],
    [0.95, 5, 10, 3.326],
    [0.95, 1, 1, 161.448],
    [0.95, 10, 5, 4.735],
    [0.5, 4, 4, 1],
  ])('fQuantile(%s, %s, %s) = %s', (p, d1, d2, f) => {
    expect(fQuantile(p, d1, d2)).toBeCloseTo(f, 3);
  });
});

/**
 * Second check of the intervals: McGraw & Wong (1996) Table 6 (10 targets x 2 judges) with the output of
 * R DescTools::ICC printed as verification in the public MATLAB f_ICC.m (R. P. Matthew, 2018), 3 decimals.
 */
describe('McGraw & Wong 1996 Table 6, against R DescTools::ICC', () => {
  const TABLE_6 = ratingsFromRows([[103, 119], [82, 65], [116, 106], [102, 102], [99, 105], [98, 100], [104, 107], [62, 85], [97, 101], [107, 110]]);
  const R: [IccType, number, number, number][] = [
    ['ICC(1,1)', 0.722, 0.241, 0.922],
    ['ICC(2,1)', 0.72, 0.228, 0.922],
    ['ICC(3,1)', 0.714, 0.197, 0.92],
    ['ICC(1,k)', 0.838, 0.389, 0.959],
    ['ICC(2,k)', 0.837, 0.371, 0.959],
    ['ICC(3,k)', 0.833, 0.329, 0.959],
  ];
  test.each(R)('%s = %s, 95%% CI [%s, %s]', (type, value, lower, upper) => {
    const e = intraclassCorrelations(TABLE_6)[type];
    expect(Math.abs((e.value as number) - value)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs((e.lower as number) - lower)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs((e.upper as number) - upper)).toBeLessThanOrEqual(0.0005);
  });
});
