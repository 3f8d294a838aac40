/**
 * What the quantitative MRI fixtures (fixtures/dicom-quantitative/, written by
 * scripts/make-quantitative-dicom-fixtures.ts) hold, shared with the tests. Each samples the phantom
 * function value(p) = 2x + 3y + 5z of scripts/dicom-fixture-spec.ts on the enhanced MR or axial grid and
 * maps it to a quantity with known units, so a reader that applies the right mapping gives known values.
 */
import { SERIES } from './dicom-fixture-spec.js';

/** T1 map, Parametric Map IOD with Float Pixel Data (7FE0,0008): T1 (ms) = 10 value(p). */
export const T1_MAP = { file: 'parametric-map-t1-float.dcm', series: { ...SERIES.enhanced, seriesUid: '1.2.826.0.1.3680043.10.1559.9.1' }, seriesNumber: 1, scale: 10, units: { code: 'ms', scheme: 'UCUM', meaning: 'millisecond' }, label: 'T1' } as const;

/** ADC map, Parametric Map IOD with Double Float Pixel Data (7FE0,0009): ADC (um2/s) = value(p) + 0.125. */
export const ADC_MAP = { file: 'parametric-map-adc-double.dcm', series: { ...SERIES.enhanced, seriesUid: '1.2.826.0.1.3680043.10.1559.9.2' }, seriesNumber: 2, offset: 0.125, units: { code: 'um2/s', scheme: 'UCUM', meaning: 'um2/s' }, label: 'ADC' } as const;

/**
 * Classic MR slices (16-bit unsigned) with Rescale Slope 1 and a Real World Value Mapping (0040,9096) of
 * two items: the first without units (to be skipped), the second ADC in mm2/s with slope 1e-5 and
 * intercept 0. Stored = round(100 value(p)), so ADC (mm2/s) = stored * 1e-5 ~ value(p) / 1000.
 */
export const RWVM_SERIES = { folder: 'rwvm-adc-mr', series: { ...SERIES.axial, seriesUid: '1.2.826.0.1.3680043.10.1559.9.3' }, seriesNumber: 3, storedScale: 100, slope: 1e-5, intercept: 0, units: { code: 'mm2/s', scheme: 'UCUM', meaning: 'square millimeter per second' }, label: 'ADC_mm2s' } as const;

/** The same MR slices without any Real World Value Mapping (a quantitative preset then warns). */
export const PLAIN_MR_SERIES = { folder: 'plain-mr', series: { ...SERIES.axial, seriesUid: '1.2.826.0.1.3680043.10.1559.9.4' }, seriesNumber: 4 } as const;
