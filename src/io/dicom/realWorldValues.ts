/**
 * Real World Value Mapping (0040,9096; PS3.3 C.7.6.16.2.11): how an MR image's stored values map to a
 * physical quantity with units (ADC in mm2/s, T1 in ms), at the top level of classic images or in the
 * per-frame / shared functional groups of enhanced images and Parametric Maps. The first item with
 * Measurement Units (0040,08EA) is used (a scanner may add unit-less items, e.g. the raw scaling);
 * linear items only: a LUT (0040,9212) without slope is refused. CT and PET keep Rescale Slope/Intercept
 * (HU, SUV bases), which series.ts applies when no mapping applies.
 */
import { RadiomicsError } from '../../errors.js';
import type { RealWorldValueMapping } from '../../image/acquisition.js';
import { TAGS, item, items, text, type DataSet } from './parse.js';

/** Modalities whose Rescale gives the quantity (CT: HU; PET: activity for SUV): a mapping there is not applied. */
const RESCALE_MODALITIES = new Set(['CT', 'PT', 'NM']);

/** The mapping of frame `frame` (0-based), or null (no mapping with units, or a CT/PET image). */
export function realWorldValueMapping(ds: DataSet, frame: number, enhanced: boolean, where: string): RealWorldValueMapping | null {
  if (RESCALE_MODALITIES.has(text(ds, TAGS.modality) ?? '')) return null;
  const candidates = enhanced ? frameItems(ds, frame) : items(ds, TAGS.realWorldValueMapping);
  const chosen = candidates.find((m) => item(m, TAGS.measurementUnitsCode) !== null);
  if (chosen === undefined) return null;
  const units = item(chosen, TAGS.measurementUnitsCode)!;
  const code = text(units, TAGS.codeValue);
  const slope = double(chosen, TAGS.realWorldValueSlope);
  const intercept = double(chosen, TAGS.realWorldValueIntercept) ?? 0;
  if (slope === null) {
    const lut = chosen.elements[TAGS.realWorldValueLutData] !== undefined;
    throw new RadiomicsError(lut ? 'UnsupportedFormat' : 'CorruptFile', `${where}: Real World Value Mapping (0040,9096) ${lut ? 'by look-up table (0040,9212) is not read; linear mappings (slope, intercept) are' : 'without Real World Value Slope (0040,9225)'}`, { file: where });
  }
  if (code === null || !Number.isFinite(slope) || !Number.isFinite(intercept)) {
    throw new RadiomicsError('CorruptFile', `${where}: Real World Value Mapping (0040,9096) with units but no code value, or a slope or intercept that is not finite`, { file: where });
  }
  return {
    label: text(chosen, TAGS.lutLabel),
    explanation: text(chosen, TAGS.lutExplanation),
    units: { code, scheme: text(units, TAGS.codingSchemeDesignator), meaning: text(units, TAGS.codeMeaning) },
    slope,
    intercept,
  };
}

/** Mapping items of an enhanced image's frame: its per-frame functional group, else the shared one. */
function frameItems(ds: DataSet, frame: number): DataSet[] {
  const perFrame = items(ds, TAGS.perFrameFunctionalGroups)[frame];
  const own = perFrame === undefined ? [] : items(perFrame, TAGS.realWorldValueMapping);
  if (own.length > 0) return own;
  const shared = item(ds, TAGS.sharedFunctionalGroups);
  return shared === null ? [] : items(shared, TAGS.realWorldValueMapping);
}

/** An FD value (8 bytes), or null. */
function double(ds: DataSet, key: string): number | null {
  const el = ds.elements[key];
  return el === undefined || el.length < 8 ? null : (ds.double(key) ?? null);
}
