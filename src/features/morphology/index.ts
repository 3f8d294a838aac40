/**
 * Morphological features (IBSI 1 manual, "Morphological features", HCUG): 29 features of the ROI's
 * shape, computed in 3D (DHQ4) from the morphological mask, plus four that also read intensities
 * (centre of mass shift, integrated intensity, Moran's I, Geary's C) from the intensity mask.
 * Statistics (stats.ts) are computed once; each feature is a one-liner over them.
 *
 * Pieces: mesh.ts + mcTable.ts (marching cubes, its case table derived in mcTable.ts and stored as data
 * in mcCases.ts; volume and area without building the mesh), meshPyradiomics.ts (PyRadiomics' mesh,
 * its table derived in mcTable.ts and stored in mcCasesPyradiomics.ts; compat mode pyradiomics only),
 * shape2d.ts (PyRadiomics' 2D shape class by marching squares; compat mode pyradiomics with config shape2D),
 * hull.ts (quickhull, exact on the doubled-integer vertex lattice; diameter over the hull-vertex
 * pairs that can beat a first bound), ombb.ts (oriented box), ellipsoid.ts (MVEE by Khachiyan / Todd-Yildirim and the IBSI
 * ellipsoid-area series), eigen.ts (3 x 3 Jacobi), spatial.ts + util/fft.ts (Moran / Geary, exact by
 * direct sums or by FFTs and Parseval's theorem).
 *
 * Cost (bench/morphology.bench.ts): linear in the box for the mesh, PCA and moments; O(h log h) hull
 * on the thinned vertex set; OMBB at most O(F h log h) over F distinct hull-face directions (vertex
 * groups off the silhouette are skipped by normal cones, so usually far less); MVEE O(h) per
 * iteration; Moran/Geary O(N^2) up to `directSpatialMaxVoxels`, then O(P log P) with P ~ 8 box voxels.
 */
import { evaluateTable, featuresFor } from '../evaluate.js';
import { populationAxisLength } from '../../compat/diameters.js';
import type { CompatMode } from '../../compat/modes.js';
import { featureId } from '../id.js';
import type { FamilyDefinition, FamilyInput, FamilyOutput, FeatureDef, FeatureTable, Warning } from '../types.js';
import { ellipsoidSurfaceArea } from './ellipsoid.js';
import { SHAPE2D_FEATURES, SHAPE2D_KEYS, type Shape2dAxis } from './shape2d.js';
import { combineSpatialParts, gearyC, moranI, type SpatialPart, type SpatialSums } from './spatial.js';
import { ALL_MORPHOLOGY_NEEDS, shapeStats, spatialStats, spatialStatsPart, type MorphologyNeeds, type MorphologyStats } from './stats.js';

export { marchingCubes, meshMeasures, meshVertexSet2, type Mesh, type MeshMeasures } from './mesh.js';
export { pyradiomicsMeshMeasures } from './meshPyradiomics.js';
export { shape2dStats, SHAPE2D_AXES, SHAPE2D_FEATURES, type Shape2dAxis, type Shape2dStats } from './shape2d.js';
export { buildCaseTable, buildPyradiomicsCaseTable, type McCase } from './mcTable.js';
export { convexHull, closedMeshMeasures, maxPairDistance, type Hull } from './hull.js';
export { orientedMinimumBoundingBox, minAreaRectangle, type OrientedBox } from './ombb.js';
export { minimumVolumeEnclosingEllipsoid, ellipsoidSurfaceArea, type Ellipsoid, type MveeOptions } from './ellipsoid.js';
export { symmetricEigen3, type SymmetricEigen } from './eigen.js';
export { spatialSums, spatialSumsPart, combineSpatialParts, moranI, gearyC, fftBytes, NEAR_RADIUS, type SpatialSums, type SpatialPart } from './spatial.js';
export { fft, fftPlan, nextSmooth, type FftPlan } from '../../util/fft.js';
export { shapeStats, spatialStats, meshHull, principalAxes, ALL_MORPHOLOGY_NEEDS, type MorphologyStats, type MorphologyNeeds, type MeshHull } from './stats.js';

export interface MorphologyParams {
  /**
   * Moran's I and Geary's C sum over all voxel pairs directly (O(N^2)) up to this many intensity-mask
   * voxels; above it by FFT convolution, O(P log P) in the padded box size P ~ 8 x box voxels, which
   * gives the same sums up to rounding (< 1e-12 in I and C). Default 1000: the FFT is already faster
   * from ~1000 voxels (4 ms vs 7 ms) and far faster beyond (7,000 voxels: 29 ms vs 165 ms).
   */
  readonly directSpatialMaxVoxels: number;
  /**
   * Memory the FFT method may use (about 40 bytes per voxel of the intensity mask's bounding box).
   * Above it, Moran's I and Geary's C are approximated (near field exact, far field sampled with a
   * fixed seed; absolute error ~2e-4 with the default samples) and flagged with an ApproximateFeature
   * warning. Default 512 MiB (a box of about 13 million voxels, e.g. 235^3).
   */
  readonly maxSpatialFftBytes: number;
  /** Far-field pair samples of the approximation (deterministic). Default 2^24; ~2 s; error ~ 1/sqrt(samples). */
  readonly spatialSamples: number;
  /**
   * MVEE stopping tolerance tau: Khachiyan iterations stop when every hull vertex has lifted
   * Mahalanobis norm <= (1 + tau)(d + 1); the ellipsoid is then scaled to enclose all of them, so its
   * volume is within a factor (1 + tau)^2 of the minimum. Default 0.001 (the manual's value).
   */
  readonly mveeTolerance: number;
  /** Compatibility mode: pyradiomics adds PyRadiomics' axis lengths and plane diameters (src/compat/). Default ibsi. */
  readonly compat: CompatMode;
  /** PyRadiomics' shape2D features (compat pyradiomics only): the axis the ROI is one slice thick along, or null (default: none). */
  readonly shape2D: Shape2dAxis | null;
  /**
   * Keys of MORPHOLOGY_FEATURES to compute (config features), or null (default) for all: the others are
   * not output, and the intermediates only they read (FEATURE_NEEDS) are not computed.
   */
  readonly features: readonly string[] | null;
}

export const MORPHOLOGY_DEFAULTS: MorphologyParams = { directSpatialMaxVoxels: 1000, maxSpatialFftBytes: 512 * 2 ** 20, spatialSamples: 2 ** 24, mveeTolerance: 0.001, compat: 'ibsi', shape2D: null, features: null };

/** (36 pi V^2)^(1/3): area of the sphere of volume V. */
const sphereArea = (v: number) => Math.cbrt(36 * Math.PI * v * v);
/** Semi-axes of the approximate enclosing ellipsoid: 2 sqrt(lambda). */
const aeeAxes = (s: MorphologyStats) => s.lambda.map((l) => 2 * Math.sqrt(l)) as [number, number, number];

const NO_VOLUME = 'the mesh volume is 0 (no ROI voxel)';
const NO_AREA = 'the mesh area is 0 (no ROI voxel)';
const ONE_AXIS = 'the ROI voxel centres do not spread along the major axis (a single voxel): lambda_major = 0';
const FLAT_AEE = 'a PCA eigenvalue is 0 (the voxel centres lie in a plane or on a line), so the approximate enclosing ellipsoid is flat';
/** The choice for ambiguous faces and how far tools spread because of it (docs/features.md). */
const AMBIGUOUS_FACES =
  'Ambiguous faces (two inside corners on a diagonal: the binary mask gives no way to decide whether they connect) are resolved by keeping the inside corners apart, on every face, so the mesh is closed and its volume and area do not depend on the origin or on the orientation of the grid; voxels that touch only along an edge or at a corner are not joined. Tools resolve these faces differently, which moves the mesh volume and area by tenths of a percent on real masks. MRI samples (label 1), volume mm^3 / area mm^2: brain1 ours 16140.9 / 6448.7, PyRadiomics 3.1 16147.5 / 6438.8 (-0.04 % / +0.15 %), MIRP 16152.8 / 6464.6 (-0.07 % / -0.25 %); brain2 ours 1734.70 / 933.36, PyRadiomics 1736.02 / 929.76 (-0.08 % / +0.39 %); breast1 124.091 / 172.887 in both. PyRadiomics resolves a face by one corner of each cube, which leaves holes (compat mode pyradiomics reproduces it: morph.volumePyradiomics and the other mesh features ending in Pyradiomics); MIRP uses scikit-image\'s marching cubes. The IBSI digital phantom has no ambiguous face (all three agree there).';
const NO_REFERENCE = 'The IBSI 1 manual gives no reference value for this feature and advises against its use.';

/** PyRadiomics' axis length (compat mode pyradiomics): the eigenvalue of the covariance divided by N. */
function pyradiomicsAxisLength(axis: 'major' | 'minor' | 'least', ibsiCode: string, k: 0 | 1 | 2): FeatureDef<MorphologyStats> {
  return {
    name: `${axis[0].toUpperCase()}${axis.slice(1)} axis length (PyRadiomics)`,
    ibsi: null,
    noIbsiReason: `PyRadiomics' ${axis} axis length (deviation axisLengthNormaliser): the covariance divided by N, not N - 1 as for IBSI's ${ibsiCode} (morph.${axis}AxisLength).`,
    compat: 'pyradiomics',
    formula: String.raw`4\sqrt{\lambda_{${axis}} (N - 1) / N}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => populationAxisLength(s.lambda[k], s.voxelCount),
  };
}

/** PyRadiomics' Maximum2DDiameter<Plane> (compat mode pyradiomics): mesh vertices with the same `coordinate`. */
function planeDiameter(plane: 'slice' | 'column' | 'row', coordinate: 'x' | 'y' | 'z', k: 0 | 1 | 2): FeatureDef<MorphologyStats> {
  return {
    name: `Maximum 2D diameter, ${plane} (PyRadiomics)`,
    ibsi: null,
    noIbsiReason: 'A PyRadiomics feature (deviation planeDiameters); IBSI has none.',
    compat: 'pyradiomics',
    formula: String.raw`\max_{k_1, k_2:\ ${coordinate}_{k_1} = ${coordinate}_{k_2}} \left\|\vec{X}_{vx,k_1} - \vec{X}_{vx,k_2}\right\|_2`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.planeDiameters[k],
  };
}

const PYRADIOMICS_MESH = "From PyRadiomics' mesh (deviation pyradiomicsMesh, meshPyradiomics.ts): its marching-cubes table resolves ambiguous faces by the cube's corner (x 0, y 1, z 1), so the mesh has holes and its volume depends on the origin, which is PyRadiomics'";

/** A mesh feature on PyRadiomics' mesh (compat mode pyradiomics): `ibsiKey`'s formula with V and A of that mesh. */
function pyradiomicsMeshFeature(name: string, ibsiKey: string, ibsiCode: string, formula: string, compute: (v: number, a: number) => number, undefinedWhen: string): FeatureDef<MorphologyStats> {
  return {
    name: `${name} (PyRadiomics mesh)`,
    ibsi: null,
    noIbsiReason: `${PYRADIOMICS_MESH}; IBSI's ${ibsiCode} (morph.${ibsiKey}) uses our closed mesh.`,
    compat: 'pyradiomics',
    formula,
    undefinedWhen,
    compute: (s) => compute(s.pyradiomicsVolume, s.pyradiomicsArea),
  };
}

export const MORPHOLOGY_FEATURES = {
  volume: {
    name: 'Volume (mesh)',
    ibsi: 'RNU0',
    formula: String.raw`F_{morph.vol} = V = \left|\sum_{k=1}^{N_{fc}} \frac{\mathbf{a}_k\cdot(\mathbf{b}_k\times\mathbf{c}_k)}{6}\right|`,
    note: `Marching cubes at iso-level 0.5 on the morphological mask padded with background; the case table is derived in mcTable.ts and reproduces the classic Lorensen-Cline triangulation. ${AMBIGUOUS_FACES}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.volume,
  },
  approximateVolume: {
    name: 'Volume (voxel counting)',
    ibsi: 'YEKZ',
    formula: String.raw`F_{morph.approx.vol} = \sum_{k=1}^{N_v} V_k`,
    compute: (s) => s.voxelVolume,
  },
  surfaceArea: {
    name: 'Surface area (mesh)',
    ibsi: 'C0JK',
    formula: String.raw`F_{morph.area} = A = \sum_{k=1}^{N_{fc}} \frac{|\mathbf{ab}_k\times\mathbf{ac}_k|}{2}`,
    note: 'Same mesh as the volume (RNU0); see its note for the choice at ambiguous faces and the spread between tools.',
    undefinedWhen: NO_AREA,
    compute: (s) => s.area,
  },
  surfaceToVolumeRatio: {
    name: 'Surface to volume ratio',
    ibsi: '2PR5',
    formula: String.raw`F_{morph.av} = \frac{A}{V}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / s.volume,
  },
  compactness1: {
    name: 'Compactness 1',
    ibsi: 'SKGS',
    formula: String.raw`F_{morph.comp.1} = \frac{V}{\pi^{1/2} A^{3/2}}`,
    undefinedWhen: NO_AREA,
    compute: (s) => s.volume / (Math.sqrt(Math.PI) * s.area ** 1.5),
  },
  compactness2: {
    name: 'Compactness 2',
    ibsi: 'BQWJ',
    formula: String.raw`F_{morph.comp.2} = 36\pi\frac{V^2}{A^3}`,
    undefinedWhen: NO_AREA,
    compute: (s) => (36 * Math.PI * s.volume * s.volume) / s.area ** 3,
  },
  sphericalDisproportion: {
    name: 'Spherical disproportion',
    ibsi: 'KRCK',
    formula: String.raw`F_{morph.sph.dispr} = \frac{A}{\left(36\pi V^2\right)^{1/3}}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / sphereArea(s.volume),
  },
  sphericity: {
    name: 'Sphericity',
    ibsi: 'QCFX',
    formula: String.raw`F_{morph.sphericity} = \frac{\left(36\pi V^2\right)^{1/3}}{A}`,
    undefinedWhen: NO_AREA,
    compute: (s) => sphereArea(s.volume) / s.area,
  },
  asphericity: {
    name: 'Asphericity',
    ibsi: '25C7',
    formula: String.raw`F_{morph.asphericity} = \left(\frac{1}{36\pi}\frac{A^3}{V^2}\right)^{1/3} - 1`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / sphereArea(s.volume) - 1,
  },
  centreOfMassShift: {
    name: 'Centre of mass shift',
    ibsi: 'KLMA',
    formula: String.raw`F_{morph.com} = \left\|\frac{1}{N_{v,m}}\sum_{k=1}^{N_{v,m}} \vec{X}_{c,k} - \frac{\sum_{k=1}^{N_{v,gl}} X_{gl,k}\vec{X}_{c,gl,k}}{\sum_{k=1}^{N_{v,gl}} X_{gl,k}}\right\|_2`,
    note: 'Geometric centre from the morphological mask, intensity-weighted centre from the intensity mask.',
    undefinedWhen: 'the intensities of the intensity mask sum to 0 (or the intensity mask is empty)',
    compute: (s) => s.centreOfMassShift,
  },
  maximum3dDiameter: {
    name: 'Maximum 3D diameter',
    ibsi: 'L0JK',
    formula: String.raw`F_{morph.diam} = \max_{k_1, k_2} \left\|\vec{X}_{vx,k_1} - \vec{X}_{vx,k_2}\right\|_2`,
    note: 'All pairs of convex-hull vertices of the mesh vertex set (the two most distant vertices are hull vertices).',
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.maxDiameter,
  },
  majorAxisLength: {
    name: 'Major axis length',
    ibsi: 'TDIC',
    formula: String.raw`F_{morph.pca.major} = 4\sqrt{\lambda_{major}}`,
    note: 'lambda are the eigenvalues of the sample covariance (divided by N - 1) of the morphological voxel centres in mm, which reproduces the reference values.',
    undefinedWhen: NO_VOLUME,
    compute: (s) => 4 * Math.sqrt(s.lambda[0]),
  },
  minorAxisLength: {
    name: 'Minor axis length',
    ibsi: 'P9VJ',
    formula: String.raw`F_{morph.pca.minor} = 4\sqrt{\lambda_{minor}}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => 4 * Math.sqrt(s.lambda[1]),
  },
  leastAxisLength: {
    name: 'Least axis length',
    ibsi: '7J51',
    formula: String.raw`F_{morph.pca.least} = 4\sqrt{\lambda_{least}}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => 4 * Math.sqrt(s.lambda[2]),
  },
  volumePyradiomics: pyradiomicsMeshFeature('Mesh volume', 'volume', 'RNU0', String.raw`V = \sum_{k=1}^{N_{fc}} \frac{\mathbf{a}_k\cdot(\mathbf{b}_k\times\mathbf{c}_k)}{6}`, (v) => v, NO_VOLUME),
  surfaceAreaPyradiomics: pyradiomicsMeshFeature('Surface area', 'surfaceArea', 'C0JK', String.raw`A = \sum_{k=1}^{N_{fc}} \frac{|\mathbf{ab}_k\times\mathbf{ac}_k|}{2}`, (_, a) => a, NO_AREA),
  surfaceToVolumeRatioPyradiomics: pyradiomicsMeshFeature('Surface to volume ratio', 'surfaceToVolumeRatio', '2PR5', String.raw`\frac{A}{V}`, (v, a) => a / v, NO_VOLUME),
  compactness1Pyradiomics: pyradiomicsMeshFeature('Compactness 1', 'compactness1', 'SKGS', String.raw`\frac{V}{\pi^{1/2} A^{3/2}}`, (v, a) => v / (Math.sqrt(Math.PI) * a ** 1.5), NO_AREA),
  compactness2Pyradiomics: pyradiomicsMeshFeature('Compactness 2', 'compactness2', 'BQWJ', String.raw`36\pi\frac{V^2}{A^3}`, (v, a) => (36 * Math.PI * v * v) / a ** 3, NO_AREA),
  sphericalDisproportionPyradiomics: pyradiomicsMeshFeature('Spherical disproportion', 'sphericalDisproportion', 'KRCK', String.raw`\frac{A}{\left(36\pi V^2\right)^{1/3}}`, (v, a) => a / sphereArea(v), NO_VOLUME),
  sphericityPyradiomics: pyradiomicsMeshFeature('Sphericity', 'sphericity', 'QCFX', String.raw`\frac{\left(36\pi V^2\right)^{1/3}}{A}`, (v, a) => sphereArea(v) / a, NO_AREA),
  majorAxisLengthPyradiomics: pyradiomicsAxisLength('major', 'TDIC', 0),
  minorAxisLengthPyradiomics: pyradiomicsAxisLength('minor', 'P9VJ', 1),
  leastAxisLengthPyradiomics: pyradiomicsAxisLength('least', '7J51', 2),
  maximum2dDiameterSlice: planeDiameter('slice', 'z', 0),
  maximum2dDiameterColumn: planeDiameter('column', 'y', 1),
  maximum2dDiameterRow: planeDiameter('row', 'x', 2),
  ...SHAPE2D_FEATURES,
  elongation: {
    name: 'Elongation',
    ibsi: 'Q3CK',
    formula: String.raw`F_{morph.pca.elongation} = \sqrt{\frac{\lambda_{minor}}{\lambda_{major}}}`,
    undefinedWhen: ONE_AXIS,
    compute: (s) => Math.sqrt(s.lambda[1] / s.lambda[0]),
  },
  flatness: {
    name: 'Flatness',
    ibsi: 'N17B',
    formula: String.raw`F_{morph.pca.flatness} = \sqrt{\frac{\lambda_{least}}{\lambda_{major}}}`,
    undefinedWhen: ONE_AXIS,
    compute: (s) => Math.sqrt(s.lambda[2] / s.lambda[0]),
  },
  volumeDensityAabb: {
    name: 'Volume density (axis-aligned bounding box)',
    ibsi: 'PBX1',
    formula: String.raw`F_{morph.v.dens.aabb} = \frac{V}{V_{aabb}}`,
    note: 'The box is aligned with the voxel grid axes.',
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.volume / s.aabbVolume,
  },
  areaDensityAabb: {
    name: 'Area density (axis-aligned bounding box)',
    ibsi: 'R59B',
    formula: String.raw`F_{morph.a.dens.aabb} = \frac{A}{A_{aabb}}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / s.aabbArea,
  },
  volumeDensityOmbb: {
    name: 'Volume density (oriented minimum bounding box)',
    ibsi: 'ZH1A',
    formula: String.raw`F_{morph.v.dens.ombb} = \frac{V}{V_{ombb}}`,
    note: `${NO_REFERENCE} The box is approximated: the smallest box with one face flush with a convex-hull face (or normal to a principal or grid axis), minimised in that plane by rotating calipers; exact for box-like shapes, an upper bound on the true minimum otherwise.`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.volume / s.ombbVolume,
  },
  areaDensityOmbb: {
    name: 'Area density (oriented minimum bounding box)',
    ibsi: 'IQYR',
    formula: String.raw`F_{morph.a.dens.ombb} = \frac{A}{A_{ombb}}`,
    note: `${NO_REFERENCE} Same box as the OMBB volume density.`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / s.ombbArea,
  },
  volumeDensityAee: {
    name: 'Volume density (approximate enclosing ellipsoid)',
    ibsi: '6BDE',
    formula: String.raw`F_{morph.v.dens.aee} = \frac{3V}{4\pi a b c},\ a = 2\sqrt{\lambda_{major}},\ b = 2\sqrt{\lambda_{minor}},\ c = 2\sqrt{\lambda_{least}}`,
    undefinedWhen: FLAT_AEE,
    compute: (s) => {
      const [a, b, c] = aeeAxes(s);
      return (3 * s.volume) / (4 * Math.PI * a * b * c);
    },
  },
  areaDensityAee: {
    name: 'Area density (approximate enclosing ellipsoid)',
    ibsi: 'RDD2',
    formula: String.raw`F_{morph.a.dens.aee} = \frac{A}{4\pi a b \sum_{\nu=0}^{20} \frac{(\alpha\beta)^\nu}{1-4\nu^2} P_\nu\left(\frac{\alpha^2+\beta^2}{2\alpha\beta}\right)},\ \alpha = \sqrt{1-b^2/a^2},\ \beta = \sqrt{1-c^2/a^2}`,
    note: 'The Legendre series exactly as printed in the manual (alpha = sqrt(1 - b^2/a^2), beta = sqrt(1 - c^2/a^2)), cut after nu = 20. It is not the true ellipsoid area (a 4-10 % difference is common), but the reference values follow it: the true area gives 1.304 on the digital phantom, outside 1.36 +- 0.01.',
    undefinedWhen: ONE_AXIS,
    compute: (s) => {
      const [a, b, c] = aeeAxes(s);
      return s.area / ellipsoidSurfaceArea(a, b, c);
    },
  },
  volumeDensityMvee: {
    name: 'Volume density (minimum volume enclosing ellipsoid)',
    ibsi: 'SWZ1',
    formula: String.raw`F_{morph.v.dens.mvee} = \frac{V}{V_{mvee}},\ V_{mvee} = \frac{4\pi}{3} a b c`,
    note: `${NO_REFERENCE} MVEE of the convex-hull vertices by Khachiyan's algorithm with Todd-Yildirim away steps; stops when the optimality gap is below tau = 0.001 (mveeTolerance), then scaled to enclose every vertex: its volume is within (1 + tau)^2 of the minimum. The manual's tau = 0.001 is usually read as a step-size tolerance, which is looser.`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.volume / s.mveeVolume,
  },
  areaDensityMvee: {
    name: 'Area density (minimum volume enclosing ellipsoid)',
    ibsi: 'BRI8',
    formula: String.raw`F_{morph.a.dens.mvee} = \frac{A}{A_{mvee}}`,
    note: `${NO_REFERENCE} A_mvee by the same series as the AEE area (as printed in the manual, nu <= 20).`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / s.mveeArea,
  },
  volumeDensityConvexHull: {
    name: 'Volume density (convex hull)',
    ibsi: 'R3ER',
    formula: String.raw`F_{morph.v.dens.conv.hull} = \frac{V}{V_{convex}}`,
    note: 'Convex hull of the mesh vertices (quickhull, exact predicates).',
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.volume / s.hullVolume,
  },
  areaDensityConvexHull: {
    name: 'Area density (convex hull)',
    ibsi: '7T7F',
    formula: String.raw`F_{morph.a.dens.conv.hull} = \frac{A}{A_{convex}}`,
    undefinedWhen: NO_VOLUME,
    compute: (s) => s.area / s.hullArea,
  },
  integratedIntensity: {
    name: 'Integrated intensity',
    ibsi: '99N0',
    formula: String.raw`F_{morph.integ.int} = V\,\frac{1}{N_{v,gl}}\sum_{k=1}^{N_{v,gl}} X_{gl,k}`,
    note: 'V is the mesh volume of the morphological mask; the mean is over the intensity mask.',
    undefinedWhen: 'the intensity mask is empty',
    compute: (s) => s.volume * s.meanIntensity,
  },
  moransI: {
    name: "Moran's I index",
    ibsi: 'N365',
    formula: String.raw`F_{morph.moran.i} = \frac{N_{v,gl}}{\sum_{k_1 \ne k_2} w_{k_1k_2}} \frac{\sum_{k_1 \ne k_2} w_{k_1k_2}\left(X_{gl,k_1}-\mu\right)\left(X_{gl,k_2}-\mu\right)}{\sum_{k=1}^{N_{v,gl}}\left(X_{gl,k}-\mu\right)^2},\ w_{k_1k_2} = \frac{1}{\|\vec{X}_{c,gl,k_1}-\vec{X}_{c,gl,k_2}\|_2}`,
    note: "Exact: all pairs for small ROIs, FFTs (the convolution sums by Parseval's theorem; same sums up to rounding) above directSpatialMaxVoxels intensity-mask voxels. Only when the FFT would exceed maxSpatialFftBytes, a fixed-seed sampling approximation with an ApproximateFeature warning.",
    undefinedWhen: 'the intensity mask holds one voxel, or all its intensities are equal',
    compute: (s) => moranI(s.spatial),
  },
  gearysC: {
    name: "Geary's C measure",
    ibsi: 'NPT7',
    formula: String.raw`F_{morph.geary.c} = \frac{N_{v,gl}-1}{2\sum_{k_1 \ne k_2} w_{k_1k_2}} \frac{\sum_{k_1 \ne k_2} w_{k_1k_2}\left(X_{gl,k_1}-X_{gl,k_2}\right)^2}{\sum_{k=1}^{N_{v,gl}}\left(X_{gl,k}-\mu\right)^2}`,
    note: "Exact, as Moran's I.",
    undefinedWhen: 'the intensity mask holds one voxel, or all its intensities are equal',
    compute: (s) => gearyC(s.spatial),
  },
} as const satisfies FeatureTable<MorphologyStats>;

/**
 * The costly intermediates each feature reads (stats.ts), so that a feature selection computes only
 * those its features need; the PCA, voxel count and axis-aligned box are always computed (one cheap
 * pass). A Record over every key: a new feature does not compile until its needs are stated.
 */
const FEATURE_NEEDS: Readonly<Record<Exclude<keyof typeof MORPHOLOGY_FEATURES, keyof typeof SHAPE2D_FEATURES>, readonly (keyof MorphologyNeeds)[]>> = {
  volume: ['mesh'],
  approximateVolume: [],
  surfaceArea: ['mesh'],
  surfaceToVolumeRatio: ['mesh'],
  compactness1: ['mesh'],
  compactness2: ['mesh'],
  sphericalDisproportion: ['mesh'],
  sphericity: ['mesh'],
  asphericity: ['mesh'],
  centreOfMassShift: ['intensityCentre'],
  maximum3dDiameter: ['hull'],
  majorAxisLength: [],
  minorAxisLength: [],
  leastAxisLength: [],
  volumePyradiomics: ['pyradiomicsMesh'],
  surfaceAreaPyradiomics: ['pyradiomicsMesh'],
  surfaceToVolumeRatioPyradiomics: ['pyradiomicsMesh'],
  compactness1Pyradiomics: ['pyradiomicsMesh'],
  compactness2Pyradiomics: ['pyradiomicsMesh'],
  sphericalDisproportionPyradiomics: ['pyradiomicsMesh'],
  sphericityPyradiomics: ['pyradiomicsMesh'],
  majorAxisLengthPyradiomics: [],
  minorAxisLengthPyradiomics: [],
  leastAxisLengthPyradiomics: [],
  maximum2dDiameterSlice: ['planeDiameters'],
  maximum2dDiameterColumn: ['planeDiameters'],
  maximum2dDiameterRow: ['planeDiameters'],
  elongation: [],
  flatness: [],
  volumeDensityAabb: ['mesh'],
  areaDensityAabb: ['mesh'],
  volumeDensityOmbb: ['mesh', 'ombb'],
  areaDensityOmbb: ['mesh', 'ombb'],
  volumeDensityAee: ['mesh'],
  areaDensityAee: ['mesh'],
  volumeDensityMvee: ['mesh', 'mvee'],
  areaDensityMvee: ['mesh', 'mvee'],
  volumeDensityConvexHull: ['mesh', 'hull'],
  areaDensityConvexHull: ['mesh', 'hull'],
  integratedIntensity: ['mesh', 'intensityCentre'],
  moransI: ['spatial'],
  gearysC: ['spatial'],
};

/** What a selection of morphology features (null: all) needs computed. */
export function morphologyNeeds(features: readonly string[] | null): MorphologyNeeds {
  if (features === null) return ALL_MORPHOLOGY_NEEDS;
  const needs: Record<keyof MorphologyNeeds, boolean> = { mesh: false, hull: false, ombb: false, mvee: false, intensityCentre: false, pyradiomicsMesh: false, planeDiameters: false, shape2d: false, spatial: false };
  for (const key of features) {
    const list = SHAPE2D_KEYS.has(key) ? (['shape2d'] as const) : FEATURE_NEEDS[key as keyof typeof FEATURE_NEEDS];
    for (const n of list) needs[n] = true;
  }
  return needs;
}

function computeMorphology(input: FamilyInput, given: Partial<MorphologyParams>): FamilyOutput {
  const params = { ...MORPHOLOGY_DEFAULTS, ...given };
  return morphologyOutput(morphologyShape(input, params), morphologySpatial(input, params), params);
}

/** Every morphology statistic but Moran's and Geary's pair sums (extractParallel runs the two apart). */
export function morphologyShape(input: FamilyInput, given: Partial<MorphologyParams>): Omit<MorphologyStats, 'spatial'> {
  const params = { ...MORPHOLOGY_DEFAULTS, ...given };
  return shapeStats(input.morphMask, input.intensityMask, input.intensities, input.boxShape, input.spacing, { ...params, needs: morphologyNeeds(params.features) });
}

/** No pair sums: what morphologySpatial gives when no selected feature reads them (Moran's I and Geary's C are then not output). */
const NO_SPATIAL: SpatialSums = { n: 0, w: NaN, moranNumerator: NaN, gearyNumerator: NaN, sumSquares: NaN, method: 'direct' };

/** Whether a selection of morphology features (null: all) needs Moran's and Geary's pair sums. */
export function morphologyNeedsSpatial(features: readonly string[] | null): boolean {
  return morphologyNeeds(features).spatial;
}

/** Moran's and Geary's pair sums over the intensity mask: the family's largest cost on large ROIs. */
export function morphologySpatial(input: Pick<FamilyInput, 'intensityMask' | 'intensities' | 'boxShape' | 'spacing'>, given: Partial<MorphologyParams>): SpatialSums {
  const params = { ...MORPHOLOGY_DEFAULTS, ...given };
  if (!morphologyNeedsSpatial(params.features)) return NO_SPATIAL;
  return spatialStats(input.intensityMask, input.intensities, input.boxShape, input.spacing, params);
}

/**
 * Part `part` of `parts` of morphologySpatial's work, for threads to share it (spatialSumsPart: the FFT
 * method's frequency chunks split evenly); combineSpatialParts of all parts, in order, gives
 * morphologySpatial's bits.
 */
export function morphologySpatialPart(input: Pick<FamilyInput, 'intensityMask' | 'intensities' | 'boxShape' | 'spacing'>, given: Partial<MorphologyParams>, part: number, parts: number): SpatialPart {
  const params = { ...MORPHOLOGY_DEFAULTS, ...given };
  if (!morphologyNeedsSpatial(params.features)) return part === 0 ? NO_SPATIAL : null;
  return spatialStatsPart(input.intensityMask, input.intensities, input.boxShape, input.spacing, params, part, parts);
}

/** The family's values and warnings from its two parts. */
export function morphologyOutput(shape: Omit<MorphologyStats, 'spatial'>, spatial: SpatialSums, given: Partial<MorphologyParams>): FamilyOutput {
  const params = { ...MORPHOLOGY_DEFAULTS, ...given };
  const stats: MorphologyStats = { ...shape, spatial };
  const warnings: Warning[] = [];
  if (spatial.method === 'sampled') {
    for (const key of ['moransI', 'gearysC'] as const) {
      warnings.push({
        code: 'ApproximateFeature',
        feature: featureId('morph', key, null),
        message: `morph.${key} was approximated (near field exact, far field from ${params.spatialSamples} sampled pairs; absolute error about ${(1 / Math.sqrt(params.spatialSamples)).toPrecision(1)}): the exact FFT method would need more than maxSpatialFftBytes = ${params.maxSpatialFftBytes} bytes.`,
      });
    }
  }
  const selected = params.features;
  // PyRadiomics' shape2D features only when asked for (config shape2D), as PyRadiomics computes them only with force2D.
  const table = Object.fromEntries(Object.entries(featuresFor(MORPHOLOGY_FEATURES, params.compat)).filter(([k]) => (params.shape2D !== null || !SHAPE2D_KEYS.has(k)) && (selected === null || selected.includes(k))));
  const values = evaluateTable('morph', table, stats, null, undefined, warnings);
  return { values, warnings };
}

export const morphologyFamily: FamilyDefinition<MorphologyStats, MorphologyParams> = {
  name: 'morph',
  title: 'Morphological features',
  ibsi: 'HCUG',
  features: MORPHOLOGY_FEATURES,
  compute: computeMorphology,
};
