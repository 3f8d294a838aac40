/**
 * IBSI 1 digital phantom: NGTDM features (IPET) computed directly on the phantom's FamilyInput
 * (test/helpers/digital-phantom.ts; no reader or preprocessing) with Chebyshev distance 1, against
 * every digital_phantom row of fixtures/ibsi1-reference-values/reference_values.csv for "Neighbourhood
 * grey tone difference based features": 5 features x 3 aggregations = 15 rows. Source of values: IBSI
 * 1 reference manual, chapter "Image features", NGTDM tables (every tolerance is 0, i.e. equality at 3
 * significant digits). Rows are matched to features by IBSI code and aggregation.
 *
 * A second block runs the 10 NGTDM rows of CT phantom configuration A (2D and 2.5D only), preprocessed
 * by hand (test/helpers/ct-phantom.ts). Its rows carry real tolerances. Values carry distance 1
 * (RawFeatureValue.distance); the reference rows are for distance 1. The suite itself is
 * test/helpers/ibsi-family.ts.
 */
import { ngtdmFamily } from '../../src/features/ngtdm.js';
import { ZONE_AGGREGATIONS } from '../../src/features/types.js';
import { describeIbsiFamily } from '../helpers/ibsi-family.js';

describeIbsiFamily({
  family: ngtdmFamily,
  featureCount: 5,
  distance: 1,
  phantom: { params: { aggregations: ZONE_AGGREGATIONS, distance: 1, maxMatrixBytes: 2 ** 24 }, rows: 15 },
  configA: { params: { aggregations: ['2D', '2.5D'], distance: 1, maxMatrixBytes: 2 ** 26 }, rows: 10 },
});
