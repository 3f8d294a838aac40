import type { FamilyDefinition } from './types.js';
import { morphologyFamily } from './morphology/index.js';
import { localIntensityFamily } from './localIntensity.js';
import { statisticsFamily } from './statistics.js';
import { intensityHistogramFamily } from './intensityHistogram.js';
import { intensityVolumeHistogramFamily } from './intensityVolumeHistogram.js';
import { glcmFamily } from './glcm/index.js';
import { glrlmFamily } from './glrlm/index.js';
import { glszmFamily } from './glszm.js';
import { gldzmFamily } from './gldzm.js';
import { ngtdmFamily } from './ngtdm.js';
import { ngldmFamily } from './ngldm.js';

/**
 * Every feature family, in output order, keyed by the short name that starts its feature ids.
 * Docs, CLI listings and the IBSI tests are derived from this table.
 */
export const FAMILIES = {
  morph: morphologyFamily,
  li: localIntensityFamily,
  stat: statisticsFamily,
  ih: intensityHistogramFamily,
  ivh: intensityVolumeHistogramFamily,
  glcm: glcmFamily,
  glrlm: glrlmFamily,
  glszm: glszmFamily,
  gldzm: gldzmFamily,
  ngtdm: ngtdmFamily,
  ngldm: ngldmFamily,
} as const satisfies Record<string, FamilyDefinition<never, never>>;

export type FamilyName = keyof typeof FAMILIES;
export const FAMILY_NAMES = Object.keys(FAMILIES) as readonly FamilyName[];
