/**
 * IBSI 1 digital phantom, end to end: NIfTI files -> extract() with preset ibsi1-digital-phantom ->
 * every digital_phantom row of fixtures/ibsi1-reference-values/reference_values.csv (482 rows).
 * Source of values: IBSI 1 reference manual, chapter "Image features" tables (ibsi-doc b952e71).
 */
import { describe, expect, test } from 'vitest';
import { FAMILIES } from '../../src/index.js';
import { compare, familyOfTitle, runDigitalPhantom } from '../../scripts/ibsi-compliance.js';
import { referenceRows } from '../helpers/reference.js';

const rows = referenceRows('digital_phantom');
const result = runDigitalPhantom();
const compared = compare(result, rows);

/** Rows that do not match yet, as "featureId" strings; they run as expected failures so the list cannot go stale. */
const KNOWN_MISMATCHES = new Set<string>([]);

describe('IBSI 1 digital phantom (482 reference rows)', () => {
  test('the table has 482 rows', () => {
    expect(rows.length).toBe(482);
  });

  test.each(compared.map((c) => [`${c.featureId ?? `${c.row.featureName} (not computed)`} [${c.row.ibsi}] = ${c.row.value} (tol ${c.row.tolerance})`, c] as const))('%s', (_title, c) => {
    const known = c.featureId !== null && KNOWN_MISMATCHES.has(c.featureId);
    if (known) {
      expect(c.pass, `${c.featureId} now matches: remove it from KNOWN_MISMATCHES`).toBe(false);
      return;
    }
    expect(c.featureId, `no computed feature for ${c.row.family} / ${c.row.featureName} ${c.row.aggregation ?? ''}`).not.toBeNull();
    expect(c.pass, `${c.featureId} = ${c.value}, reference ${c.row.value} +- ${c.row.tolerance}`).toBe(true);
  });

  test('every registry feature with an IBSI code has a reference row (except those the manual gives no value)', () => {
    const NO_REFERENCE: Record<string, string> = {
      ZH1A: 'volume density (OMBB): no reference value in the manual',
      IQYR: 'area density (OMBB): no reference value in the manual',
      SWZ1: 'volume density (MVEE): no reference value in the manual',
      BRI8: 'area density (MVEE): no reference value in the manual',
      '9CMM': 'area under the IVH curve: no reference value in the manual',
    };
    const codes = new Set(rows.map((r) => `${familyOfTitle(r.family)}:${r.ibsi}`));
    const missing: string[] = [];
    for (const [name, family] of Object.entries(FAMILIES)) {
      for (const [key, def] of Object.entries(family.features as Record<string, { ibsi: string | null }>)) {
        if (def.ibsi === null || def.ibsi in NO_REFERENCE) continue;
        if (!codes.has(`${name}:${def.ibsi}`)) missing.push(`${name}.${key} [${def.ibsi}]`);
      }
    }
    expect(missing).toEqual([]);
  });
});
