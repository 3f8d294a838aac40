import { describe, expect, test } from 'vitest';
import { agreement, concordanceCorrelation, intraclassCorrelations, overallConcordance, ratingsFromRows, withinSubjectCv } from '../../src/robustness/agreement.js';
import { isRadiomicsError } from '../../src/errors.js';

// By hand: [[1, 2], [3, 4]]: grand mean 2.5, subject means 1.5, 3.5, repeat means 2, 3.
// SSR = 2 (1 + 1) = 4 -> MSR 4; SSW = 4 x 0.25 = 1 -> MSW 0.5; SSC = 2 (0.25 + 0.25) = 1 -> MSC 1; residuals 0 -> MSE 0.
const HAND = ratingsFromRows([[1, 2], [3, 4]]);

describe('intraclassCorrelations, hand-computed 2 x 2 case', () => {
  test.each([
    ['ICC(1,1)', 3.5 / 4.5],
    ['ICC(2,1)', 4 / 5],
    ['ICC(3,1)', 1],
    ['ICC(1,k)', 3.5 / 4],
    ['ICC(2,k)', 4 / 4.5],
    ['ICC(3,k)', 1],
  ] as const)('%s = %s', (type, value) => {
    expect(intraclassCorrelations(HAND)[type].value).toBeCloseTo(value, 12);
  });

  test('perfect agreement: ICC(1,1) = 1 and CCC = 1', () => {
    const r = ratingsFromRows([[1, 1, 1], [5, 5, 5], [2, 2, 2]]);
    expect(intraclassCorrelations(r)['ICC(1,1)'].value).toBe(1);
    expect(overallConcordance(r)).toBe(1);
    expect(withinSubjectCv(r)).toBe(0);
  });

  test('no variance at all: every ICC is null, not NaN', () => {
    const r = intraclassCorrelations(ratingsFromRows([[3, 3], [3, 3], [3, 3]]));
    for (const e of Object.values(r)) {
      expect(e.value).toBeNull();
      expect(e.lower).toBeNull();
    }
  });

  test('CI contains the estimate and narrows with more subjects', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, i + 0.3 * Math.sin(i * 7), i + 0.3 * Math.cos(i * 5)]);
    const small = intraclassCorrelations(ratingsFromRows(rows(6)))['ICC(1,1)'];
    const large = intraclassCorrelations(ratingsFromRows(rows(60)))['ICC(1,1)'];
    for (const e of [small, large]) {
      expect(e.lower as number).toBeLessThan(e.value as number);
      expect(e.upper as number).toBeGreaterThan(e.value as number);
    }
    expect((large.upper as number) - (large.lower as number)).toBeLessThan((small.upper as number) - (small.lower as number));
  });

  test('a 1-subject table is InvalidArgument; a NaN cell is MissingValues', () => {
    expect(() => ratingsFromRows([[1, 2]])).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    try {
      ratingsFromRows([[1, 2], [NaN, 3]]);
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, 'MissingValues')).toBe(true);
    }
  });
});

describe('concordanceCorrelation (Lin 1989)', () => {
  test('concordanceCorrelation([1, 3], [2, 4]) = 2 / 3 (s_x^2 = s_y^2 = s_xy = 1, mean shift 1)', () => {
    expect(concordanceCorrelation([1, 3], [2, 4])).toBeCloseTo(2 / 3, 14);
  });
  test('concordanceCorrelation(x, x + 1) = 2.5 / 3.5 for x = 1..4 (s^2 = 1.25)', () => {
    expect(concordanceCorrelation([1, 2, 3, 4], [2, 3, 4, 5])).toBeCloseTo(2.5 / 3.5, 14);
  });
  test('concordanceCorrelation(x, -x) = -1 for centred x', () => {
    expect(concordanceCorrelation([-1, 0, 1], [1, 0, -1])).toBeCloseTo(-1, 14);
  });
  test('overallConcordance with k = 2 equals Lin', () => {
    expect(overallConcordance(ratingsFromRows([[1, 2], [3, 4], [5, 7]]))).toBeCloseTo(concordanceCorrelation([1, 3, 5], [2, 4, 7]) as number, 14);
  });
});

describe('withinSubjectCv', () => {
  test('withinSubjectCv(HAND) = sqrt(0.5) / 2.5', () => {
    expect(withinSubjectCv(HAND)).toBeCloseTo(Math.sqrt(0.5) / 2.5, 14);
  });
  test('agreement() bundles anova, ICCs, CCC and wCV', () => {
    const a = agreement(HAND);
    expect(a.anova.msr).toBe(4);
    expect(a.ccc).toBeCloseTo(2 / 3, 14);
  });
});
