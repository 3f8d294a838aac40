/**
 * IBSI 1 digital phantom: GLCM features (LFYI) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing) against every digital_phantom row of
 * fixtures/ibsi1-reference-values/reference_values.csv for "Grey level co-occurrence based features":
 * 25 features x 6 aggregations = 150 rows, Chebyshev distance 1. Source of values: IBSI 1 reference
 * manual, chapter "Image features", GLCM tables (consensus "strong" or "very strong"; every tolerance
 * is 0, i.e. equality at 3 significant digits). Rows are matched to features by IBSI code and
 * aggregation.
 *
 * A second block runs the 100 GLCM rows of CT phantom configuration A (2D methods only), preprocessed
 * by hand (test/helpers/ct-phantom.ts). Its rows carry real tolerances and exercise a 204 x 201 x 60
 * box with 36 grey levels. The suite itself is test/helpers/ibsi-family.ts.
 */
import { glcmFamily } from '../../src/features/glcm/index.js';
import { MATRIX_AGGREGATIONS } from '../../src/features/types.js';
import { describeIbsiFamily } from '../helpers/ibsi-family.js';

describeIbsiFamily({
  family: glcmFamily,
  featureCount: 25,
  distance: 1,
  phantom: { params: { aggregations: MATRIX_AGGREGATIONS, distance: 1, maxMatrixBytes: 2 ** 24 }, rows: 150 },
  configA: { params: { aggregations: ['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged'], distance: 1, maxMatrixBytes: 2 ** 24 }, rows: 100 },
});
