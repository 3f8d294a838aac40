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

/**
 * The label of a filtered image type: type and settings joined by "-", each setting as key + value with
 * lists joined by "_" and null as "None", e.g. imageTypeId('log', [['sigma', 1.5], ['truncate', 4],
 * ['riesz', null], ['boundary', 'reflect'], ['dims', '3D']]) = "log-sigma1.5-truncate4-rieszNone-reflect-3D"
 * (boundary and dims are written without their key). The original image has no label.
 */
export function imageTypeId(type: string, settings: readonly (readonly [string, unknown])[]): string {
  const parts = [type];
  for (const [k, v] of settings) {
    const value = v === null ? 'None' : Array.isArray(v) ? v.join('_') : String(v);
    parts.push(k === 'boundary' || k === 'dims' ? value : `${k}${value}`);
  }
  return parts.join('-');
}

/** Feature id on a filtered image: "<image type label>:<feature id>"; original-image ids are unprefixed. */
export function imageFeatureId(imageType: string | null, id: string): string {
  return imageType === null ? id : `${imageType}:${id}`;
}
