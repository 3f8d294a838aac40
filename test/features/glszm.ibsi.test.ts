/**
 * IBSI 1 digital phantom: GLSZM features (9SAK) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing), against every digital_phantom row of
 * fixtures/ibsi1-reference-values/reference_values.csv for "Grey level size zone based features": 16
 * features x 3 aggregations = 48 rows. Source of values: IBSI 1 reference manual, chapter "Image
 * features", GLSZM tables (every tolerance is 0, i.e. equality at 3 significant digits). Rows are
 * matched to features by IBSI code and aggregation.
 *
 * A second block runs the 32 GLSZM rows of CT phantom configuration A (2D and 2.5D only), preprocessed
 * by hand (test/helpers/ct-phantom.ts). Its rows carry real tolerances. The suite itself is
 * test/helpers/ibsi-family.ts.
 */
import { glszmFamily } from '../../src/features/glszm.js';
import { ZONE_AGGREGATIONS } from '../../src/features/types.js';
import { describeIbsiFamily } from '../helpers/ibsi-family.js';

describeIbsiFamily({
  family: glszmFamily,
  featureCount: 16,
  phantom: { params: { aggregations: ZONE_AGGREGATIONS, maxMatrixBytes: 2 ** 24 }, rows: 48 },
  configA: { params: { aggregations: ['2D', '2.5D'], maxMatrixBytes: 2 ** 26 }, rows: 32 },
});
