/**
 * UCUM units of every feature, as data. A feature's unit follows from its family and its dimension:
 * lengths in mm, areas in mm2, volumes in mm3 (the image geometry is in mm), intensities in the image's
 * intensity unit, grey levels (discretised intensities) as the annotation {grey level}, and everything
 * else dimensionless ("1"). FAMILY_UNITS gives each family's usual kind; FEATURE_UNITS the exceptions,
 * keyed by IBSI code (codes are unique per feature except the two IVH pairs, which share their unit).
 *
 * The intensity unit is "[hnsf'U]" (Hounsfield unit) for CT on the original image without intensity
 * normalisation, else the annotation {intensity}: MR has no absolute scale, a normalised image is in
 * normalised units, and a filter response is in the filter's units.
 */
import type { SrCode } from './codes.js';

/** The dimension of a feature's value. */
export type UnitKind = 'one' | 'length' | 'area' | 'volume' | 'perLength' | 'intensity' | 'intensitySquared' | 'intensityVolume' | 'greyLevel' | 'greyLevelSquared';

/** Usual kind per family (short family name, as in FAMILIES). */
export const FAMILY_UNITS: Readonly<Record<string, UnitKind>> = {
  morph: 'one',
  li: 'intensity',
  stat: 'intensity',
  ih: 'greyLevel',
  ivh: 'one',
  glcm: 'one',
  glrlm: 'one',
  glszm: 'one',
  gldzm: 'one',
  ngtdm: 'one',
  ngldm: 'one',
};

/** Exceptions to the family's kind, by IBSI code (IBSI 1 manual, each feature's definition). */
export const FEATURE_UNITS: Readonly<Record<string, UnitKind>> = {
  // Morphology: volumes, area, surface to volume ratio, lengths, integrated intensity.
  RNU0: 'volume', // volume (mesh)
  YEKZ: 'volume', // approximate volume (voxel counting)
  C0JK: 'area', // surface area
  '2PR5': 'perLength', // surface to volume ratio
  KLMA: 'length', // centre of mass shift
  L0JK: 'length', // maximum 3D diameter
  TDIC: 'length', // major axis length
  P9VJ: 'length', // minor axis length
  '7J51': 'length', // least axis length
  '99N0': 'intensityVolume', // integrated intensity = mean intensity x volume
  // Intensity statistics: the dimensionless ones and the squared ones.
  ECT3: 'intensitySquared', // variance
  N8CA: 'intensitySquared', // energy = sum of squares
  KE2A: 'one', // skewness
  IPH6: 'one', // kurtosis
  '7TET': 'one', // coefficient of variation
  '9S40': 'one', // quartile coefficient of dispersion
  // Intensity histogram: variance squared, shape and information measures dimensionless.
  CH89: 'greyLevelSquared', // variance
  '88K1': 'one', // skewness
  C3I7: 'one', // kurtosis
  CWYJ: 'one', // coefficient of variation
  SLWD: 'one', // quartile coefficient of dispersion
  TLU2: 'one', // entropy
  BJ5W: 'one', // uniformity
  '12CE': 'one', // maximum histogram gradient (voxel count per bin)
  VQB3: 'one', // minimum histogram gradient
  // Intensity-volume histogram: volume fractions are dimensionless, intensities in intensity units.
  GBPN: 'intensity', // intensity at volume fraction
  CNV2: 'intensity', // intensity difference between the 10 % and 90 % volume fractions
};

/** UCUM code of each kind; `intensity` is the image's intensity unit (see intensityUnit). */
export function unitCode(kind: UnitKind, intensity: SrCode): SrCode {
  const ucum = (value: string, meaning: string): SrCode => ({ value, scheme: 'UCUM', meaning });
  switch (kind) {
    case 'one':
      return ucum('1', 'no units');
    case 'length':
      return ucum('mm', 'millimeter');
    case 'area':
      return ucum('mm2', 'square millimeter');
    case 'volume':
      return ucum('mm3', 'cubic millimeter');
    case 'perLength':
      return ucum('/mm', 'per millimeter');
    case 'intensity':
      return intensity;
    case 'intensitySquared':
      return intensity.value === "[hnsf'U]" ? ucum("[hnsf'U]2", 'Hounsfield unit squared') : ucum('{intensity^2}', 'intensity squared');
    case 'intensityVolume':
      return intensity.value === "[hnsf'U]" ? ucum("[hnsf'U].mm3", 'Hounsfield unit cubic millimeter') : ucum('{intensity}.mm3', 'intensity cubic millimeter');
    case 'greyLevel':
      return ucum('{grey level}', 'grey level');
    case 'greyLevelSquared':
      return ucum('{grey level^2}', 'grey level squared');
  }
}

/** The intensity unit of an image type: Hounsfield units for unnormalised original CT, else {intensity}. */
export function intensityUnit(modality: string | null, original: boolean, normalised: boolean): SrCode {
  if (modality === 'CT' && original && !normalised) return { value: "[hnsf'U]", scheme: 'UCUM', meaning: 'Hounsfield unit' };
  return { value: '{intensity}', scheme: 'UCUM', meaning: 'intensity' };
}

/** The unit kind of a feature (by family and IBSI code). */
export function unitKind(family: string, ibsi: string | null): UnitKind {
  return (ibsi !== null ? FEATURE_UNITS[ibsi] : undefined) ?? FAMILY_UNITS[family] ?? 'one';
}
