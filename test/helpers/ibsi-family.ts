/**
 * The IBSI 1 reference suite of one texture family (GLCM, GLRLM, GLSZM, GLDZM, NGTDM, NGLDM), as
 * test/features/<family>.ibsi.test.ts runs it; each of those files states only its family, feature
 * count, parameters and row counts.
 *
 * - Digital phantom (test/helpers/digital-phantom.ts, no reader or preprocessing): every
 *   digital_phantom row of fixtures/ibsi1-reference-values/reference_values.csv for the family's
 *   title, one test per row; every feature must have a row for each aggregation the params ask for;
 *   the phantom must give no warning and no null value.
 * - CT phantom, configuration A (test/helpers/ct-phantom.ts): every row of configuration A for the
 *   family, all for the aggregations of `configA.params`. Its rows carry real tolerances.
 *
 * Rows are matched to features by IBSI code and aggregation (and distance, for families that have one).
 */
import { describe, expect, test } from 'vitest';
import { ZONE_AGGREGATIONS, type Aggregation, type FamilyDefinition, type FamilyOutput } from '../../src/features/types.js';
import { ctConfigAInput } from './ct-phantom.js';
import { phantomFamilyInput } from './digital-phantom.js';
import { matchesReference, referenceRows, type ReferenceRow } from './reference.js';

interface FamilyParams {
  readonly aggregations: readonly Aggregation[];
}

export interface IbsiFamilySuite<S, P extends FamilyParams> {
  readonly family: FamilyDefinition<S, P>;
  /** How many features the family table holds. */
  readonly featureCount: number;
  /** The distance the reference rows are for; undefined for families without one (no value may carry one). */
  readonly distance?: number;
  /** Digital phantom: its params (every aggregation of the family) and its reference row count. */
  readonly phantom: { readonly params: P; readonly rows: number };
  /** CT phantom configuration A: its params (the aggregations its rows are for) and its reference row count. */
  readonly configA: { readonly params: P; readonly rows: number };
}

interface Case {
  readonly row: ReferenceRow;
  readonly key: string | undefined;
  readonly value: number | null | undefined;
}

export function describeIbsiFamily<S, P extends FamilyParams>(suite: IbsiFamilySuite<S, P>): void {
  const { family, featureCount, distance, phantom, configA } = suite;
  const name = family.name;
  const label = name.toUpperCase();
  const features = family.features;

  function casesOf(configRows: readonly ReferenceRow[], out: FamilyOutput): Case[] {
    return configRows.map((row) => {
      const key = Object.keys(features).find((k) => features[k].ibsi === row.ibsi);
      const value = out.values.find((v) => v.feature === key && v.aggregation === row.aggregation && v.distance === distance)?.value;
      return { row, key, value };
    });
  }

  function check(c: Case): void {
    expect(c.key, `no ${name} feature with code ${c.row.ibsi}`).toBeDefined();
    expect(features[c.key as string].name, 'feature name must equal the reference feature_name').toBe(c.row.featureName);
    expect(c.value, `${name}.${c.key} ${c.row.aggregation} was not computed`).not.toBeUndefined();
    expect(matchesReference(c.value ?? null, c.row), `${name}.${c.key} ${c.row.aggregation} = ${c.value}, reference ${c.row.value} +- ${c.row.tolerance}`).toBe(true);
  }

  const title = (c: Case) => `${name}.${c.key ?? `? (${c.row.featureName})`} [${c.row.ibsi}] ${c.row.aggregation} = ${c.row.value} (tol ${c.row.tolerance})`;

  const output = family.compute(phantomFamilyInput(), phantom.params);
  const rows = referenceRows('digital_phantom', family.title);
  const cases = casesOf(rows, output);
  const aggregations = phantom.params.aggregations;

  describe(`IBSI 1 digital phantom: ${label} (${phantom.rows} reference rows)`, () => {
    test(`referenceRows("digital_phantom", "${family.title}") has ${phantom.rows} rows`, () => {
      expect(rows).toHaveLength(phantom.rows);
    });

    test.each(cases.map((c) => [title(c), c] as const))('%s', (_title, c) => check(c));

    test(`every ${label} feature has a reference row for each of the ${aggregations.length} aggregations`, () => {
      const have = new Set(rows.map((r) => `${r.ibsi}:${r.featureName}:${r.aggregation}`));
      const missing: string[] = [];
      const ibsiKeys: string[] = [];
      for (const [key, def] of Object.entries(features)) {
        // A PyRadiomics-only feature (compat mode) has no IBSI code but a stated reason; its reference is PyRadiomics' (test/pyradiomics/).
        if ((def as { compat?: string }).compat !== undefined) {
          expect([def.ibsi, typeof (def as { noIbsiReason?: string }).noIbsiReason], `${name}.${key}`).toEqual([null, 'string']);
          continue;
        }
        ibsiKeys.push(key);
        expect(def.ibsi, `${name}.${key} needs an IBSI code`).not.toBeNull();
        for (const a of aggregations) if (!have.has(`${def.ibsi}:${def.name}:${a}`)) missing.push(`${name}.${key} [${def.ibsi}] ${a}`);
      }
      expect(missing).toEqual([]);
      expect(ibsiKeys).toHaveLength(featureCount);
    });

    test('the phantom gives no warning and no null value', () => {
      expect(output.warnings).toEqual([]);
      expect(output.values).toHaveLength(phantom.rows);
      expect(output.values.filter((v) => v.value === null)).toEqual([]);
      if (distance === undefined) expect(output.values.every((v) => !('distance' in v))).toBe(true);
      else expect(output.values.every((v) => v.distance === distance)).toBe(true);
    });
  });

  // Zone families name their methods 2D and 2.5D; GLCM and GLRLM have several methods of each.
  const zoneOnly = configA.params.aggregations.every((a) => (ZONE_AGGREGATIONS as readonly string[]).includes(a));
  const scope = zoneOnly ? '2D and 2.5D' : 'the 2D and 2.5D methods';

  describe(`IBSI 1 CT phantom, configuration A: ${label} (${configA.rows} reference rows)`, () => {
    const rowsA = referenceRows('A', family.title);
    const casesA = casesOf(rowsA, family.compute(ctConfigAInput(), configA.params));

    test(`configuration A has ${configA.rows} ${label} rows, all for ${scope}`, () => {
      expect(rowsA).toHaveLength(configA.rows);
      expect(new Set(rowsA.map((r) => r.aggregation))).toEqual(new Set(configA.params.aggregations));
    });

    test.each(casesA.map((c) => [title(c), c] as const))('A: %s', (_title, c) => check(c));
  });
}
