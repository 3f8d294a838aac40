/**
 * Every PyRadiomics definition that deviates from IBSI and that compat mode 'pyradiomics' reproduces,
 * by name: what IBSI (and the default mode) does, what PyRadiomics does instead, and where it lives here.
 * Source: PyRadiomics 3.1 (radiomics/firstorder.py, shape.py, glcm.py, imageoperations.py, src/cshape.c),
 * read, not copied. docs/pyradiomics.md is generated from this table.
 */
export interface Deviation {
  /** What IBSI defines (and what the default mode computes). */
  readonly ibsi: string;
  /** What PyRadiomics computes instead. */
  readonly pyradiomics: string;
  /** Our features or settings that carry PyRadiomics' definition. */
  readonly where: string;
}

export const PYRADIOMICS_DEVIATIONS = {
  binAnchoring: {
    ibsi: 'Fixed bin size bins start at the re-segmentation lower bound or the ROI minimum: floor((x - X_min) / w) + 1.',
    pyradiomics: 'Bins start at the largest multiple of the bin width at or below the ROI minimum: floor(x / w) - floor(X_min / w) + 1.',
    where: 'config discretisation.binning: pyradiomics (set by parsePyradiomicsParams for binWidth).',
  },
  plainKurtosis: {
    ibsi: 'Kurtosis (IPH6) is the excess kurtosis mu_4 / sigma^4 - 3.',
    pyradiomics: 'Kurtosis is mu_4 / sigma^4, without the - 3 (0 for a constant ROI).',
    where: 'stat.kurtosisPyradiomics (column firstorder_Kurtosis).',
  },
  voxelArrayShift: {
    ibsi: 'Energy (N8CA) and root mean square (5ZWQ) use the intensities as they are.',
    pyradiomics: 'Energy, TotalEnergy and RootMeanSquared add voxelArrayShift c (default 0) to every intensity first: sum (x + c)^2.',
    where: 'config voxelArrayShift; stat.energyPyradiomics, stat.rootMeanSquarePyradiomics, stat.totalEnergy.',
  },
  totalEnergy: {
    ibsi: 'No such feature.',
    pyradiomics: 'TotalEnergy: Energy (with voxelArrayShift) times the voxel volume in mm^3.',
    where: 'stat.totalEnergy (column firstorder_TotalEnergy).',
  },
  axisLengthNormaliser: {
    ibsi: 'Major, minor and least axis lengths (TDIC, P9VJ, 7J51) are 4 sqrt(lambda) with lambda the eigenvalues of the sample covariance (divided by N - 1) of the voxel-centre coordinates.',
    pyradiomics: 'The covariance is divided by N (the ROI voxel count), so each length is the IBSI one times sqrt((N - 1) / N).',
    where: 'morph.majorAxisLengthPyradiomics, morph.minorAxisLengthPyradiomics, morph.leastAxisLengthPyradiomics (columns shape_MajorAxisLength, _MinorAxisLength, _LeastAxisLength).',
  },
  planeDiameters: {
    ibsi: 'No such features (IBSI has only the maximum 3D diameter, L0JK).',
    pyradiomics: 'Maximum2DDiameterSlice / Column / Row: the largest distance between two mesh vertices (edge midpoints of the marching-cubes grid) that lie in the same axial / coronal / sagittal plane (same z / y / x coordinate).',
    where: 'morph.maximum2dDiameterSlice, morph.maximum2dDiameterColumn, morph.maximum2dDiameterRow.',
  },
  pyradiomicsMesh: {
    ibsi: 'Mesh volume, surface area and the features built on them (RNU0, C0JK, 2PR5, SKGS, BQWJ, KRCK, QCFX) come from a closed marching-cubes mesh: on a face with its two inside corners on a diagonal, those corners are always kept apart, so both cubes sharing the face draw the same segments.',
    pyradiomics: 'cshape.c uses the classic Lorensen-Cline table for the 128 patterns whose corner (x 0, y 1, z 1) is outside and the complement pattern\'s triangles, reversed, for the other 128: such a face is split one way or the other depending on that corner of each cube, so the mesh has holes, and its signed-tetrahedron volume depends on the origin (the ROI bounding box corner minus one voxel). brain1: 16147.5 mm^3, 6438.8 mm^2 against IBSI mode\'s 16140.9, 6448.7.',
    where: 'morph.volumePyradiomics, surfaceAreaPyradiomics, surfaceToVolumeRatioPyradiomics, sphericityPyradiomics, compactness1Pyradiomics, compactness2Pyradiomics, sphericalDisproportionPyradiomics (columns shape_MeshVolume, _SurfaceArea, _SurfaceVolumeRatio, _Sphericity, _Compactness1, _Compactness2, _SphericalDisproportion).',
  },
  shape2D: {
    ibsi: 'No 2D shape features (IBSI morphology is 3D; 2D aggregation applies to texture only).',
    pyradiomics: 'The shape2D class (force2D, an ROI one slice thick along force2Ddimension): mesh surface and perimeter of the marching-squares contour (diagonal pixels kept apart), pixel surface, their ratio, sphericity 2 sqrt(pi A) / P, maximum diameter over the contour vertices, axis lengths and elongation from the pixel-centre covariance divided by N. A thicker ROI is an error in PyRadiomics; here null values with warnings.',
    where: 'config shape2D (axis z, y or x); morph.shape2dMeshSurface, shape2dPixelSurface, shape2dPerimeter, shape2dPerimeterSurfaceRatio, shape2dSphericity, shape2dSphericalDisproportion, shape2dMaximumDiameter, shape2dMajorAxisLength, shape2dMinorAxisLength, shape2dElongation (columns shape2D_*).',
  },
  flatRegionValues: {
    ibsi: 'GLCM correlation (NI2N) and information correlation 1 (R8DG) are undefined for a matrix of a single grey level (a zero variance, a zero marginal entropy HX): null with a warning here.',
    pyradiomics: 'Correlation is 1 and Imc1 is 0 there (per direction, before averaging).',
    where: 'glcm.correlationPyradiomics, glcm.informationCorrelation1Pyradiomics (columns glcm_Correlation, glcm_Imc1).',
  },
  maximalCorrelationCoefficient: {
    ibsi: 'No such feature.',
    pyradiomics: 'MCC: the square root of the second largest eigenvalue of Q(i, j) = sum_k p(i, k) p(j, k) / (p_x(i) p_y(k)), per GLCM, averaged over directions; 1 for a matrix of one grey level.',
    where: 'glcm.maximalCorrelationCoefficient (column glcm_MCC).',
  },
  resamplingGrid: {
    ibsi: 'Interpolation grid (IBSI "align grid centres"): the new grid over the whole image, centres aligned, size ceil(n s / s\'); float output, edge padding.',
    pyradiomics: "resampleImage: the grid's corner on the image's corner, cropped to the ROI bounding box padded by padDistance new voxels; SimpleITK's interpolators (sitkBSpline: ITK's B-spline with mirror boundaries); 0 outside the image; an integer image stays integer (truncated); the mask by nearest neighbour.",
    where: "config resampling.grid: pyradiomics, resampling.padDistance (src/preprocess/resamplePyradiomics.ts); set by parsePyradiomicsParams for resampledPixelSpacing.",
  },
  glcmOffsets: {
    ibsi: 'GLCM distance delta: the 13 (3D) or 4 (2D) unit directions times delta.',
    pyradiomics: 'distances: every offset whose Chebyshev norm is one of the distances (49 offsets at distance 2 in 3D), one matrix each.',
    where: 'config glcm.pyradiomicsDistances (src/compat/directionWeights.ts).',
  },
  asymmetricGlcm: {
    ibsi: 'The GLCM is symmetric: each pair counted in both orders.',
    pyradiomics: 'symmetricalGLCM false: each (voxel, neighbour) pair once; features that name p_x and p_y use both.',
    where: 'config glcm.symmetric: false (src/features/glcm/asymmetric.ts).',
  },
  directionWeighting: {
    ibsi: 'Merged aggregations (3D_merged, 2.5D_merged) sum the direction matrices.',
    pyradiomics: 'weightingNorm: the sum weighted per offset a (mm): GLCM exp(-||a||^2), GLRLM ||a||, under the manhattan, euclidean or infinity norm.',
    where: 'config glcm.weightingNorm, glrlm.weightingNorm (src/compat/directionWeights.ts).',
  },
  roiChecks: {
    ibsi: 'Any ROI of two voxels or more is extracted.',
    pyradiomics: 'checkMask refuses an ROI thinner than minimumROIDimensions (default 2) axes or of minimumROISize voxels or fewer, after resampling and after re-segmentation.',
    where: 'config roiChecks (RoiTooSmall), set by parsePyradiomicsParams.',
  },
  resegmentationModes: {
    ibsi: 'Range re-segmentation in intensities; outlier filtering mean +- n sigma; the morphological mask keeps the segmented ROI.',
    pyradiomics: 'resegmentMode relative (fractions of the ROI maximum) and sigma (any [a, b] in sigmas); resegmentShape applies the re-segmented mask to shape features too.',
    where: 'config resegmentation.mode, resegmentation.applyToMorphology.',
  },
} as const satisfies Record<string, Deviation>;

export type DeviationName = keyof typeof PYRADIOMICS_DEVIATIONS;
