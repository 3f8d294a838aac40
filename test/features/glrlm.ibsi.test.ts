/**
 * IBSI 1 digital phantom: GLRLM features (TP0I) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing) against every digital_phantom row of
 * fixtures/ibsi1-reference-values/reference_values.csv for "Grey level run length based features":
 * 16 features x 6 aggregations = 96 rows. Source of values: IBSI 1 reference manual, chapter
 * "Image features", GLRLM tables (consensus "strong" or "very strong"; every tolerance is 0, i.e.
 * equality at 3 significant digits). Rows are matched to features by IBSI code and aggregation.
 *
 * A second block runs the 64 GLRLM rows of CT phantom configuration A (2D methods only), preprocessed
 * by hand (test/helpers/ct-phantom.ts). Its rows carry real tolerances and exercise a 204 x 201 x 60
 * box with 36 grey levels. The suite itself is test/helpers/ibsi-family.ts.
 */
import { glrlmFamily } from '../../src/features/glrlm/index.js';
import { MATRIX_AGGREGATIONS } from '../../src/features/types.js';
import { describeIbsiFamily } from '../helpers/ibsi-family.js';

describeIbsiFamily({
  family: glrlmFamily,
  featureCount: 16,
  phantom: { params: { aggregations: MATRIX_AGGREGATIONS, maxMatrixBytes: 2 ** 24 }, rows: 96 },
  configA: { params: { aggregations: ['2D_average', '2D_slice_merged', '2.5D_direction_merged', '2.5D_merged'], maxMatrixBytes: 2 ** 24 }, rows: 64 },
});
