import type { Aggregation } from './types.js';

/**
 * The one place feature ids are built: family.feature[.aggregation][.d<distance>], e.g.
 * "glcm.jointMaximum.3D_merged.d1", "stat.mean", "ivh.volumeFractionAt10Intensity".
 */
export function featureId(family: string, feature: string, aggregation: Aggregation | null, distance?: number): string {
  let id = `${family}.${feature}`;
  if (aggregation !== null) id += `.${aggregation}`;
  if (distance !== undefined) id += `.d${distance}`;
  return id;
}
