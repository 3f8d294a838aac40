import type { Aggregation, FeatureTable, RawFeatureValue, Warning } from './types.js';
import { featureId } from './id.js';
import type { CompatMode } from '../compat/modes.js';

/** The features of `table` computed in compatibility mode `compat`: those of every mode, and its own. */
export function featuresFor<S>(table: FeatureTable<S>, compat: CompatMode): FeatureTable<S> {
  const out: Record<string, FeatureTable<S>[string]> = {};
  for (const key of Object.keys(table)) if (table[key].compat === undefined || table[key].compat === compat) out[key] = table[key];
  return out;
}

/**
 * Evaluates every feature of a table on one statistics object. Non-finite results become null and
 * add an UndefinedFeature warning that names the feature and why it is undefined.
 */
export function evaluateTable<S>(
  family: string,
  table: FeatureTable<S>,
  stats: S,
  aggregation: Aggregation | null,
  distance: number | undefined,
  warnings: Warning[],
): RawFeatureValue[] {
  const out: RawFeatureValue[] = [];
  // for-in visits the keys in Object.keys order without making the array (feature maps call this per kernel).
  for (const key in table) {
    const def = table[key];
    const v = def.compute(stats);
    const value = Number.isFinite(v) ? v : null;
    if (value === null) {
      const id = featureId(family, key, aggregation, distance);
      warnings.push({ code: 'UndefinedFeature', feature: id, message: `${id} is undefined for this ROI: ${def.undefinedWhen ?? 'the formula divides by zero'}` });
    }
    out.push(distance === undefined ? { feature: key, aggregation, value } : { feature: key, aggregation, distance, value });
  }
  return out;
}

/**
 * Averages per-slice (or per-direction) feature values key by key, ignoring nulls (IBSI "averaged"
 * aggregations). A feature null in every part stays null.
 */
export function averageValues<S>(table: FeatureTable<S>, parts: readonly S[], family: string, aggregation: Aggregation, distance: number | undefined, warnings: Warning[]): RawFeatureValue[] {
  const out: RawFeatureValue[] = [];
  for (const key in table) {
    const mean = averageOf(table[key].compute, parts);
    const value = Number.isNaN(mean) ? null : mean;
    if (value === null) {
      const id = featureId(family, key, aggregation, distance);
      warnings.push({ code: 'UndefinedFeature', feature: id, message: `${id} is undefined for this ROI: ${table[key].undefinedWhen ?? 'the formula divides by zero'}` });
    }
    out.push(distance === undefined ? { feature: key, aggregation, value } : { feature: key, aggregation, distance, value });
  }
  return out;
}

/** The compute functions of a table's features, in its key order (evaluateTable's output order). */
export function featureComputes<S>(table: FeatureTable<S>): ((s: S) => number)[] {
  const out: ((s: S) => number)[] = [];
  for (const key in table) out.push(table[key].compute);
  return out;
}

/**
 * evaluateTable's values alone (feature maps, per kernel): out[at + f] = computes[f](stats) for the
 * features of featureComputes, NaN where evaluateTable gives null (a non-finite result). No warning.
 */
export function evaluateInto<S>(computes: readonly ((s: S) => number)[], stats: S, out: Float64Array, at: number): void {
  for (let f = 0; f < computes.length; f++) {
    const v = computes[f](stats);
    out[at + f] = Number.isFinite(v) ? v : NaN;
  }
}

/**
 * averageValues' values alone (feature maps, per kernel): the same sums in the same order, so the same
 * bits; NaN where averageValues gives null (no finite value in any part). No warning.
 */
export function averageInto<S>(computes: readonly ((s: S) => number)[], parts: readonly S[], out: Float64Array, at: number): void {
  for (let f = 0; f < computes.length; f++) out[at + f] = averageOf(computes[f], parts);
}

/** The mean of compute(part) over the parts where it is finite, summed in part order; NaN when there is none. */
function averageOf<S>(compute: (s: S) => number, parts: readonly S[]): number {
  let sum = 0;
  let n = 0;
  for (let p = 0; p < parts.length; p++) {
    const v = compute(parts[p]);
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}
