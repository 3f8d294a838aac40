/**
 * IBSI 2 phase 1: each reference response map (fixtures/ibsi2, from theibsi/ibsi_2_reference_data) is
 * reproduced from its digital phantom; a map passes when every voxel is within 1 % of the reference
 * map's intensity range (the IBSI 2 criterion). Settings: scripts/ibsi2-maps.ts.
 */
import { describe, expect, test } from 'vitest';
import { MAP_TESTS, runMapTest } from '../../../scripts/ibsi2-maps.js';

describe('IBSI 2 phase 1 reference response maps', () => {
  test('there are 33 reference maps', () => {
    expect(MAP_TESTS.length).toBe(33);
  });

  test.each(MAP_TESTS.map((t) => [`${t.id} ${t.spec.type}${'riesz' in t.spec && t.spec.riesz ? ` riesz [${t.spec.riesz.join(', ')}]` : ''} on ${t.phantom}`, t] as const))('%s is within 1 % of the reference range', (_title, t) => {
    const r = runMapTest(t);
    expect(r.maxDeviationPercent).toBeLessThanOrEqual(1);
    expect(r.pass).toBe(true);
  });
});
