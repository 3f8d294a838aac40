/**
 * IBSI 1 digital phantom: NGLDM features (REK0) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing) with Chebyshev distance 1 and
 * coarseness alpha 0, against every digital_phantom row of
 * fixtures/ibsi1-reference-values/reference_values.csv for "Neighbouring grey level dependence based
 * features": 17 features x 3 aggregations = 51 rows. Source of values: IBSI 1 reference manual,
 * chapter "Image features", NGLDM tables (every tolerance is 0, i.e. equality at 3 significant
 * digits). Rows are matched to features by IBSI code and aggregation.
 *
 * A second block runs the 34 NGLDM rows of CT phantom configuration A (2D and 2.5D only), preprocessed
 * by hand (test/helpers/ct-phantom.ts). Its rows carry real tolerances. Values carry distance 1
 * (RawFeatureValue.distance); the reference rows are for distance 1. The suite itself is
 * test/helpers/ibsi-family.ts.
 */
import { ngldmFamily } from '../../src/features/ngldm.js';
import { ZONE_AGGREGATIONS } from '../../src/features/types.js';
import { describeIbsiFamily } from '../helpers/ibsi-family.js';

describeIbsiFamily({
  family: ngldmFamily,
  featureCount: 17,
  distance: 1,
  phantom: { params: { aggregations: ZONE_AGGREGATIONS, distance: 1, alpha: 0, maxMatrixBytes: 2 ** 24 }, rows: 51 },
  configA: { params: { aggregations: ['2D', '2.5D'], distance: 1, alpha: 0, maxMatrixBytes: 2 ** 26 }, rows: 34 },
});
