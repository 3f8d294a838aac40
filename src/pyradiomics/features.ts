import type { FamilyName } from '../features/registry.js';

/**
 * Every PyRadiomics feature (radiomics 3.x, classes firstorder, shape, shape2D, glcm, glrlm, glszm, gldm, ngtdm;
 * definitions from pyradiomics.readthedocs.io "Radiomic Features") with our equivalent and every
 * definitional difference. `agrees` means the definitions are the same once the settings agree (the
 * parameter file's discretisation, aggregation and distance, which parsePyradiomicsParams maps); only
 * those features are given PyRadiomics column names. docs/pyradiomics.md is generated from this table.
 */
export interface PyradiomicsFeature {
  /** Our feature (family and key in its table; no aggregation or distance), or null when we have none. */
  readonly ours: { readonly family: FamilyName; readonly feature: string } | null;
  readonly agrees: boolean;
  /** Every definitional difference, or why there is no equivalent; '' when there is none. */
  readonly differences: string;
  /**
   * Our feature with PyRadiomics' own definition, computed in compat mode pyradiomics (src/compat/), when
   * `ours` differs or is missing; in that mode the PyRadiomics column name goes to it.
   */
  readonly compat?: { readonly family: FamilyName; readonly feature: string };
  /**
   * false for PyRadiomics' deprecated features, which it computes only when a parameter file names them
   * (a class enabled with no names gets the others: enableAllFeatures); absent means true.
   */
  readonly enabledByDefault?: false;
}

export type PyradiomicsClass = 'firstorder' | 'shape' | 'shape2D' | 'glcm' | 'glrlm' | 'glszm' | 'gldm' | 'ngtdm';

const same = (family: FamilyName, feature: string, differences = ''): PyradiomicsFeature => ({ ours: { family, feature }, agrees: true, differences });
const differs = (family: FamilyName, feature: string, differences: string): PyradiomicsFeature => ({ ours: { family, feature }, agrees: false, differences });
const none = (differences: string): PyradiomicsFeature => ({ ours: null, agrees: false, differences });
/** In compat mode pyradiomics, `feature` of `family` computes PyRadiomics' definition. */
const compat = (f: PyradiomicsFeature, family: FamilyName, feature: string): PyradiomicsFeature => ({ ...f, compat: { family, feature } });
/** Deprecated in PyRadiomics: computed only when listed by name (not for a class enabled with no names). */
const deprecated = (f: PyradiomicsFeature): PyradiomicsFeature => ({ ...f, enabledByDefault: false });
const MESH_SPREAD = 'The meshes differ: PyRadiomics\' cshape.c splits a face with two inside corners on a diagonal one way or the other depending on one corner of each cube, which leaves holes, and sums signed tetrahedra from its crop origin over them; IBSI mode\'s mesh is closed (deviation pyradiomicsMesh). On the MRI samples the IBSI-mode values differ from PyRadiomics\' by up to 0.08% (MeshVolume) and 0.39% (SurfaceArea) (brain1: 16140.9 vs 16147.5 mm^3, 6448.7 vs 6438.8 mm^2); compat mode reproduces PyRadiomics\' mesh.';
const COMPAT = 'In compat mode pyradiomics (set by parsePyradiomicsParams) computed with PyRadiomics\' definition as';
const SHAPE2D = 'when config shape2D is set (parsePyradiomicsParams sets it for force2D) and the ROI is one slice thick along force2Ddimension.';

const SHIFT = 'PyRadiomics adds voxelArrayShift (default 0) to every intensity first; agrees only when it is 0.';
const RAW = 'On the (normalised, resampled, re-segmented) intensities before discretisation, as ours.';
const BINNED = 'On the discretised intensities; agrees when the discretisation does (binWidth maps to fixed bin size with PyRadiomics bin anchoring, binCount to fixed bin number). PyRadiomics adds eps = 2.2e-16 inside the logarithm.';
const NG = 'N_g: PyRadiomics uses the highest grey level in the ROI, we the number of discretisation bins; with the mapped discretisation both are the bin of the ROI maximum (PyRadiomics drops empty grey levels from the matrix, which changes no sum).';
const COVARIANCE = 'PyRadiomics divides the coordinate covariance by N, we by N - 1 (numpy\'s default, as the IBSI reference implementations), so PyRadiomics\' length is ours times sqrt((N - 1) / N), N the ROI voxel count (under 0.1% apart for N > 500).';
const MATRIX = 'PyRadiomics computes one matrix per direction and averages the features (IBSI 3D_average; 2.5D_direction_merged with force2D; 3D_merged / 2.5D_merged with weightingNorm no_weighting).';
const ZONES = 'PyRadiomics uses one matrix over the ROI (IBSI 3D; 2.5D with force2D, zones linked in-plane only).';

export const PYRADIOMICS_FEATURES = {
  firstorder: {
    Energy: compat(same('stat', 'energy', `${SHIFT} ${COMPAT} stat.energyPyradiomics (with voxelArrayShift).`), 'stat', 'energyPyradiomics'),
    TotalEnergy: compat(none(`Energy times the voxel volume (with voxelArrayShift); no IBSI feature. ${COMPAT} stat.totalEnergy.`), 'stat', 'totalEnergy'),
    Entropy: same('ih', 'entropy', `log2. ${BINNED}`),
    Minimum: same('stat', 'minimum', RAW),
    '10Percentile': same('stat', 'percentile10', `${RAW} Both interpolate linearly between order statistics (numpy.percentile's default).`),
    '90Percentile': same('stat', 'percentile90', `${RAW} Both interpolate linearly between order statistics.`),
    Maximum: same('stat', 'maximum', RAW),
    Mean: same('stat', 'mean', RAW),
    Median: same('stat', 'median', RAW),
    InterquartileRange: same('stat', 'interquartileRange', RAW),
    Range: same('stat', 'range', RAW),
    MeanAbsoluteDeviation: same('stat', 'meanAbsoluteDeviation', RAW),
    RobustMeanAbsoluteDeviation: same('stat', 'robustMeanAbsoluteDeviation', `${RAW} Over the voxels between the 10th and 90th percentile, inclusive, as IBSI.`),
    RootMeanSquared: compat(same('stat', 'rootMeanSquare', `${SHIFT} ${COMPAT} stat.rootMeanSquarePyradiomics (with voxelArrayShift).`), 'stat', 'rootMeanSquarePyradiomics'),
    StandardDeviation: deprecated(none('Square root of Variance; IBSI has no standard deviation feature (disabled by default in PyRadiomics).')),
    Skewness: same('stat', 'skewness', `${RAW} Both return 0 for a constant ROI.`),
    Kurtosis: compat(differs('stat', 'kurtosis', `PyRadiomics returns the plain kurtosis mu_4 / sigma^4; IBSI and we return the excess kurtosis mu_4 / sigma^4 - 3: PyRadiomics Kurtosis = ours + 3 (both return 0 for a constant ROI). ${COMPAT} stat.kurtosisPyradiomics.`), 'stat', 'kurtosisPyradiomics'),
    Variance: same('stat', 'variance', `${RAW} Both divide by N_v (population variance).`),
    Uniformity: same('ih', 'uniformity', BINNED),
  },
  shape: {
    MeshVolume: compat(differs('morph', 'volume', `Both from a marching-cubes mesh of the mask (vertices at edge midpoints, signed tetrahedron volumes); on the mask before re-segmentation. ${MESH_SPREAD} ${COMPAT} morph.volumePyradiomics.`), 'morph', 'volumePyradiomics'),
    VoxelVolume: same('morph', 'approximateVolume', 'Number of voxels times the voxel volume.'),
    SurfaceArea: compat(differs('morph', 'surfaceArea', `Sum of the mesh triangle areas. ${MESH_SPREAD} ${COMPAT} morph.surfaceAreaPyradiomics.`), 'morph', 'surfaceAreaPyradiomics'),
    SurfaceVolumeRatio: compat(differs('morph', 'surfaceToVolumeRatio', `A / V with the mesh volume. ${MESH_SPREAD} ${COMPAT} morph.surfaceToVolumeRatioPyradiomics.`), 'morph', 'surfaceToVolumeRatioPyradiomics'),
    Sphericity: compat(differs('morph', 'sphericity', `From the mesh volume and area. ${MESH_SPREAD} ${COMPAT} morph.sphericityPyradiomics.`), 'morph', 'sphericityPyradiomics'),
    Compactness1: deprecated(compat(differs('morph', 'compactness1', `Disabled by default in PyRadiomics (deprecated, redundant with Sphericity). From the mesh volume and area, see MeshVolume. ${COMPAT} morph.compactness1Pyradiomics.`), 'morph', 'compactness1Pyradiomics')),
    Compactness2: deprecated(compat(differs('morph', 'compactness2', `Disabled by default in PyRadiomics (deprecated). From the mesh volume and area, see MeshVolume. ${COMPAT} morph.compactness2Pyradiomics.`), 'morph', 'compactness2Pyradiomics')),
    SphericalDisproportion: deprecated(compat(differs('morph', 'sphericalDisproportion', `Disabled by default in PyRadiomics (deprecated). From the mesh volume and area, see MeshVolume. ${COMPAT} morph.sphericalDisproportionPyradiomics.`), 'morph', 'sphericalDisproportionPyradiomics')),
    Maximum3DDiameter: same('morph', 'maximum3dDiameter', 'Largest distance between mesh vertices in PyRadiomics 2.0 and later; releases before 2.0 used the centres of the surface voxels instead (values differ by up to a voxel).'),
    Maximum2DDiameterSlice: compat(none(`Largest in-plane (axial) distance between mesh vertices; no IBSI feature. ${COMPAT} morph.maximum2dDiameterSlice.`), 'morph', 'maximum2dDiameterSlice'),
    Maximum2DDiameterColumn: compat(none(`Largest distance between mesh vertices in one coronal plane; no IBSI feature. ${COMPAT} morph.maximum2dDiameterColumn.`), 'morph', 'maximum2dDiameterColumn'),
    Maximum2DDiameterRow: compat(none(`Largest distance between mesh vertices in one sagittal plane; no IBSI feature. ${COMPAT} morph.maximum2dDiameterRow.`), 'morph', 'maximum2dDiameterRow'),
    MajorAxisLength: compat(differs('morph', 'majorAxisLength', `4 sqrt(lambda_major), principal components of the physical coordinates of the mask voxel centres. ${COVARIANCE} ${COMPAT} morph.majorAxisLengthPyradiomics.`), 'morph', 'majorAxisLengthPyradiomics'),
    MinorAxisLength: compat(differs('morph', 'minorAxisLength', `4 sqrt(lambda_minor). ${COVARIANCE} ${COMPAT} morph.minorAxisLengthPyradiomics.`), 'morph', 'minorAxisLengthPyradiomics'),
    LeastAxisLength: compat(differs('morph', 'leastAxisLength', `4 sqrt(lambda_least). ${COVARIANCE} ${COMPAT} morph.leastAxisLengthPyradiomics.`), 'morph', 'leastAxisLengthPyradiomics'),
    Elongation: same('morph', 'elongation', 'sqrt(lambda_minor / lambda_major); a ratio, so the covariance normalisation (N or N - 1) cancels.'),
    Flatness: same('morph', 'flatness', 'sqrt(lambda_least / lambda_major); the covariance normalisation cancels.'),
  },
  shape2D: {
    MeshSurface: compat(none(`Area inside the marching-squares contour of a one-slice ROI (PyRadiomics shape2D, force2D); no IBSI feature. ${COMPAT} morph.shape2dMeshSurface, ${SHAPE2D}`), 'morph', 'shape2dMeshSurface'),
    PixelSurface: compat(none(`Pixel count times the pixel area; no IBSI feature. ${COMPAT} morph.shape2dPixelSurface, ${SHAPE2D}`), 'morph', 'shape2dPixelSurface'),
    Perimeter: compat(none(`Length of the marching-squares contour; no IBSI feature. ${COMPAT} morph.shape2dPerimeter, ${SHAPE2D}`), 'morph', 'shape2dPerimeter'),
    PerimeterSurfaceRatio: compat(none(`P / A; no IBSI feature. ${COMPAT} morph.shape2dPerimeterSurfaceRatio, ${SHAPE2D}`), 'morph', 'shape2dPerimeterSurfaceRatio'),
    Sphericity: compat(none(`2 sqrt(pi A) / P; no IBSI feature. ${COMPAT} morph.shape2dSphericity, ${SHAPE2D}`), 'morph', 'shape2dSphericity'),
    SphericalDisproportion: deprecated(compat(none(`P / (2 sqrt(pi A)); deprecated in PyRadiomics; no IBSI feature. ${COMPAT} morph.shape2dSphericalDisproportion, ${SHAPE2D}`), 'morph', 'shape2dSphericalDisproportion')),
    MaximumDiameter: compat(none(`Largest distance between contour vertices; no IBSI feature. ${COMPAT} morph.shape2dMaximumDiameter, ${SHAPE2D}`), 'morph', 'shape2dMaximumDiameter'),
    MajorAxisLength: compat(none(`4 sqrt(lambda_major) of the pixel-centre covariance divided by N; no IBSI feature. ${COMPAT} morph.shape2dMajorAxisLength, ${SHAPE2D}`), 'morph', 'shape2dMajorAxisLength'),
    MinorAxisLength: compat(none(`4 sqrt(lambda_minor); no IBSI feature. ${COMPAT} morph.shape2dMinorAxisLength, ${SHAPE2D}`), 'morph', 'shape2dMinorAxisLength'),
    Elongation: compat(none(`sqrt(lambda_minor / lambda_major); no IBSI feature. ${COMPAT} morph.shape2dElongation, ${SHAPE2D}`), 'morph', 'shape2dElongation'),
  },
  glcm: {
    Autocorrelation: same('glcm', 'autocorrelation', MATRIX),
    JointAverage: same('glcm', 'jointAverage', MATRIX),
    ClusterProminence: same('glcm', 'clusterProminence', MATRIX),
    ClusterShade: same('glcm', 'clusterShade', MATRIX),
    ClusterTendency: same('glcm', 'clusterTendency', MATRIX),
    Contrast: same('glcm', 'contrast', MATRIX),
    Correlation: compat(same('glcm', 'correlation', `${MATRIX} PyRadiomics returns 1 for a flat region (IBSI: undefined, we return null with a warning). ${COMPAT} glcm.correlationPyradiomics.`), 'glcm', 'correlationPyradiomics'),
    DifferenceAverage: same('glcm', 'differenceAverage', `${MATRIX} Equals IBSI dissimilarity (8S9J) too.`),
    DifferenceEntropy: same('glcm', 'differenceEntropy', `${MATRIX} log2 with eps.`),
    DifferenceVariance: same('glcm', 'differenceVariance', MATRIX),
    JointEnergy: same('glcm', 'angularSecondMoment', MATRIX),
    JointEntropy: same('glcm', 'jointEntropy', `${MATRIX} log2 with eps.`),
    Imc1: compat(same('glcm', 'informationCorrelation1', `${MATRIX} PyRadiomics returns 0 when max(HX, HY) is 0. ${COMPAT} glcm.informationCorrelation1Pyradiomics.`), 'glcm', 'informationCorrelation1Pyradiomics'),
    Imc2: same('glcm', 'informationCorrelation2', MATRIX),
    Idm: same('glcm', 'inverseDifferenceMoment', MATRIX),
    MCC: compat(none(`Maximal correlation coefficient (square root of the second largest eigenvalue of Q); not defined by IBSI. ${COMPAT} glcm.maximalCorrelationCoefficient.`), 'glcm', 'maximalCorrelationCoefficient'),
    Idmn: same('glcm', 'normalisedInverseDifferenceMoment', `${MATRIX} ${NG}`),
    Id: same('glcm', 'inverseDifference', MATRIX),
    Idn: same('glcm', 'normalisedInverseDifference', `${MATRIX} ${NG}`),
    InverseVariance: same('glcm', 'inverseVariance', MATRIX),
    MaximumProbability: same('glcm', 'jointMaximum', MATRIX),
    SumAverage: same('glcm', 'sumAverage', `${MATRIX} Equals 2 JointAverage for a symmetric GLCM.`),
    SumEntropy: same('glcm', 'sumEntropy', `${MATRIX} log2 with eps.`),
    SumSquares: same('glcm', 'jointVariance', MATRIX),
  },
  glrlm: {
    ShortRunEmphasis: same('glrlm', 'shortRunsEmphasis', MATRIX),
    LongRunEmphasis: same('glrlm', 'longRunsEmphasis', MATRIX),
    GrayLevelNonUniformity: same('glrlm', 'greyLevelNonUniformity', MATRIX),
    GrayLevelNonUniformityNormalized: same('glrlm', 'normalisedGreyLevelNonUniformity', MATRIX),
    RunLengthNonUniformity: same('glrlm', 'runLengthNonUniformity', MATRIX),
    RunLengthNonUniformityNormalized: same('glrlm', 'normalisedRunLengthNonUniformity', MATRIX),
    RunPercentage: same('glrlm', 'runPercentage', MATRIX),
    GrayLevelVariance: same('glrlm', 'greyLevelVariance', MATRIX),
    RunVariance: same('glrlm', 'runLengthVariance', MATRIX),
    RunEntropy: same('glrlm', 'runEntropy', `${MATRIX} log2 with eps.`),
    LowGrayLevelRunEmphasis: same('glrlm', 'lowGreyLevelRunEmphasis', MATRIX),
    HighGrayLevelRunEmphasis: same('glrlm', 'highGreyLevelRunEmphasis', MATRIX),
    ShortRunLowGrayLevelEmphasis: same('glrlm', 'shortRunLowGreyLevelEmphasis', MATRIX),
    ShortRunHighGrayLevelEmphasis: same('glrlm', 'shortRunHighGreyLevelEmphasis', MATRIX),
    LongRunLowGrayLevelEmphasis: same('glrlm', 'longRunLowGreyLevelEmphasis', MATRIX),
    LongRunHighGrayLevelEmphasis: same('glrlm', 'longRunHighGreyLevelEmphasis', MATRIX),
  },
  glszm: {
    SmallAreaEmphasis: same('glszm', 'smallZoneEmphasis', ZONES),
    LargeAreaEmphasis: same('glszm', 'largeZoneEmphasis', ZONES),
    GrayLevelNonUniformity: same('glszm', 'greyLevelNonUniformity', ZONES),
    GrayLevelNonUniformityNormalized: same('glszm', 'normalisedGreyLevelNonUniformity', ZONES),
    SizeZoneNonUniformity: same('glszm', 'zoneSizeNonUniformity', ZONES),
    SizeZoneNonUniformityNormalized: same('glszm', 'normalisedZoneSizeNonUniformity', ZONES),
    ZonePercentage: same('glszm', 'zonePercentage', ZONES),
    GrayLevelVariance: same('glszm', 'greyLevelVariance', ZONES),
    ZoneVariance: same('glszm', 'zoneSizeVariance', ZONES),
    ZoneEntropy: same('glszm', 'zoneSizeEntropy', `${ZONES} log2 with eps.`),
    LowGrayLevelZoneEmphasis: same('glszm', 'lowGreyLevelZoneEmphasis', ZONES),
    HighGrayLevelZoneEmphasis: same('glszm', 'highGreyLevelZoneEmphasis', ZONES),
    SmallAreaLowGrayLevelEmphasis: same('glszm', 'smallZoneLowGreyLevelEmphasis', ZONES),
    SmallAreaHighGrayLevelEmphasis: same('glszm', 'smallZoneHighGreyLevelEmphasis', ZONES),
    LargeAreaLowGrayLevelEmphasis: same('glszm', 'largeZoneLowGreyLevelEmphasis', ZONES),
    LargeAreaHighGrayLevelEmphasis: same('glszm', 'largeZoneHighGreyLevelEmphasis', ZONES),
  },
  gldm: {
    SmallDependenceEmphasis: same('ngldm', 'lowDependenceEmphasis', `IBSI NGLDM: dependence = 1 + neighbours within Chebyshev distance (distances) whose level differs by at most alpha (gldm_a). ${ZONES}`),
    LargeDependenceEmphasis: same('ngldm', 'highDependenceEmphasis', ZONES),
    GrayLevelNonUniformity: same('ngldm', 'greyLevelNonUniformity', ZONES),
    GrayLevelNonUniformityNormalized: deprecated(same('ngldm', 'normalisedGreyLevelNonUniformity', `${ZONES} Deprecated in PyRadiomics (equals firstorder Uniformity there).`)),
    DependenceNonUniformity: same('ngldm', 'dependenceCountNonUniformity', ZONES),
    DependenceNonUniformityNormalized: same('ngldm', 'normalisedDependenceCountNonUniformity', ZONES),
    GrayLevelVariance: same('ngldm', 'greyLevelVariance', ZONES),
    DependenceVariance: same('ngldm', 'dependenceCountVariance', ZONES),
    DependenceEntropy: same('ngldm', 'dependenceCountEntropy', `${ZONES} log2 with eps.`),
    LowGrayLevelEmphasis: same('ngldm', 'lowGreyLevelCountEmphasis', ZONES),
    HighGrayLevelEmphasis: same('ngldm', 'highGreyLevelCountEmphasis', ZONES),
    SmallDependenceLowGrayLevelEmphasis: same('ngldm', 'lowDependenceLowGreyLevelEmphasis', ZONES),
    SmallDependenceHighGrayLevelEmphasis: same('ngldm', 'lowDependenceHighGreyLevelEmphasis', ZONES),
    LargeDependenceLowGrayLevelEmphasis: same('ngldm', 'highDependenceLowGreyLevelEmphasis', ZONES),
    LargeDependenceHighGrayLevelEmphasis: same('ngldm', 'highDependenceHighGreyLevelEmphasis', ZONES),
  },
  ngtdm: {
    Coarseness: same('ngtdm', 'coarseness', `${ZONES} Neighbourhood of Chebyshev distance (distances), centre excluded, ROI voxels only. Both return 10^6 when sum p_i s_i is 0; we also cap larger values at 10^6 (IBSI), PyRadiomics does not.`),
    Contrast: same('ngtdm', 'contrast', `${ZONES} PyRadiomics returns 0 for a single grey level.`),
    Busyness: same('ngtdm', 'busyness', `${ZONES} PyRadiomics returns 0 when the denominator is 0.`),
    Complexity: same('ngtdm', 'complexity', ZONES),
    Strength: same('ngtdm', 'strength', `${ZONES} PyRadiomics returns 0 when the sum of s_i is 0.`),
  },
} as const satisfies Record<PyradiomicsClass, Record<string, PyradiomicsFeature>>;

export const PYRADIOMICS_CLASSES = Object.keys(PYRADIOMICS_FEATURES) as readonly PyradiomicsClass[];

/** Our families that compute each PyRadiomics class (firstorder spans statistics and the histogram). */
export const PYRADIOMICS_CLASS_FAMILIES: Readonly<Record<PyradiomicsClass, readonly FamilyName[]>> = {
  firstorder: ['stat', 'ih'],
  shape: ['morph'],
  shape2D: ['morph'],
  glcm: ['glcm'],
  glrlm: ['glrlm'],
  glszm: ['glszm'],
  gldm: ['ngldm'],
  ngtdm: ['ngtdm'],
};
