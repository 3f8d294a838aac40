/**
 * radiomics: the browser-safe core. No node:* import may appear under this entry (a test checks it);
 * file-system helpers live in the "radiomics/node" entry.
 */
export { VERSION } from './version.js';
export { RadiomicsError, isRadiomicsError, ERROR_CODES, type ErrorCode } from './errors.js';
export { createVolume, indexToWorld, voxelCount, IDENTITY, type Volume, type Mask, type Geometry, type VoxelData, type Vec3, type Mat3, type VolumeInit } from './image/volume.js';
export { checkSameGeometry, formatGeometry } from './image/geometry.js';
export { readNifti, writeNifti, isNifti } from './io/nifti.js';
export { readNrrd, isNrrd } from './io/nrrd.js';
export type { Acquisition, PixelEncoding } from './image/acquisition.js';
export { isDicom, dicomModality } from './io/dicom/parse.js';
export { readDicomSeriesFromBuffers, listDicomSeries, type DicomSeriesOptions, type DicomSeriesSummary } from './io/dicom/series.js';
export { readDicomSeriesFromBuffersAsync, type DicomSeriesAsyncOptions } from './io/dicom/seriesAsync.js';
export { createCodecLoader, decodeFrame, CODEC_TRANSFER_SYNTAXES, type CodecLoader, type CodecFamily, type CodecSyntax, type FrameDecoder, type FrameSamples, type FrameSpec } from './io/codecs/index.js';
export { rasteriseRtstruct, listRtstructRois, type RtstructOptions, type RtstructRoi } from './io/dicom/rtstruct.js';
export { readSegMaskFromBytes, listSegments, type SegOptions, type SegSegment } from './io/dicom/seg.js';
export {
  toDicomSr,
  toDicomSrMany,
  readDicomSr,
  srSourcesFromDicom,
  srConfigHash,
  ENHANCED_SR_STORAGE,
  SEGMENTATION_STORAGE,
  RT_STRUCTURE_SET_STORAGE,
  FAMILY_UNITS,
  FEATURE_UNITS,
  type SrSources,
  type SrOptions,
  type SrMeasurement,
  type SrCode,
  type SrPatientStudy,
  type SrImageSeries,
  type SrInstanceRef,
  type SrSegmentationSource,
  type SrSegSource,
  type SrRtstructSource,
  type SrContentItem,
  type SrRelationship,
  type DicomSrContent,
  type DicomSrGroup,
  type UnitKind,
} from './io/dicom/sr/index.js';
export { discretise, type Discretisation, type DiscretisedRoi } from './preprocess/discretise.js';
export { resolveConfig, imageTypeLabel, DEFAULTS, PRESETS, OPTION_DOCS, FAMILY_NAMES, type ExtractConfig, type ConfigInput, type FamilyName, type IvhDiscretisation, type ImageType, type ImageTypeInput } from './config.js';
export { extract, type ExtractResult, type ExtractOptions, type Provenance, type Diagnostics, type ImageDiagnostics, type RoiDiagnostics } from './extract.js';
export { extractParallel, runFamilyTask, type FamilyTask, type FamilyTaskResult, type TaskInput, type TaskError, type TaskRunner, type Settled, type ParallelOptions } from './extractParallel.js';
export { extractMany, type BatchCase, type CaseData, type CaseError, type CaseOutcome, type ExtractManyOptions } from './extractMany.js';
export { extractMaps, extractMapsParallel, runMapSlab, mapVolume, pinnedConfig, type MapsOptions, type ParallelMapsOptions, type MapsResult, type FeatureMap, type MapSlabTask, type MapSlabResult, type MapSlabRunner } from './maps/extractMaps.js';
export { toJson, toCsv, toTable, csvTable, type CsvCase, type CsvOptions } from './result.js';
export { FAMILIES } from './features/registry.js';
export { featureId, imageFeatureId, imageTypeId } from './features/id.js';
export {
  MATRIX_AGGREGATIONS,
  ZONE_AGGREGATIONS,
  AGGREGATION_IBSI,
  WARNING_CODES,
  type Aggregation,
  type MatrixAggregation,
  type ZoneAggregation,
  type FeatureDef,
  type FeatureTable,
  type FeatureValue,
  type FamilyDefinition,
  type FamilyInput,
  type Warning,
  type WarningCode,
} from './features/types.js';

// Preprocessing steps, usable on their own (IBSI order: resample, re-segment, normalise, discretise).
export { resampledGrid, resampleImage, resampleMask, type ImageInterpolator, type MaskInterpolator, type GridOptions, type ImageResampleOptions, type MaskResampleOptions } from './preprocess/resample.js';
export { resegmentMask, resegmentationSummary, type ResegmentOptions, type ResegmentationSummary } from './preprocess/resegment.js';
export { normaliseZScore, normaliseRange, normalisePercentile, foregroundMask, otsuThreshold, type RangeOptions, type PercentileOptions } from './preprocess/normalise.js';
export { fitNyul, applyNyul, parseNyulModel, NYUL_DEFAULT_PERCENTILES, NYUL_DEFAULT_SCALE, type NyulModel, type NyulFitOptions, type NyulSample } from './preprocess/nyul.js';

// Convolutional filters (IBSI 2): Volume -> response map on the same grid.
export {
  applyFilter,
  supportRadius,
  meanFilter,
  logFilter,
  lawsFilter,
  gaborFilter,
  waveletFilter,
  simoncelliFilter,
  rieszLogFilter,
  BOUNDARY_MODES,
  LAWS_KERNEL_NAMES,
  SEPARABLE_WAVELETS,
  type FilterSpec,
  type FilterType,
  type FilterDims,
  type BoundaryMode,
  type RieszOrder,
  type SeparableWavelet,
  type MeanFilterOptions,
  type LogFilterOptions,
  type LawsFilterOptions,
  type GaborFilterOptions,
  type WaveletFilterOptions,
  type SimoncelliFilterOptions,
} from './preprocess/filters/index.js';

// Texture matrix builders (matrix -> statistics -> features), exported for inspection and teaching.
export { buildGlcm, glcmStats, type GlcmMatrix, type GlcmStats } from './features/glcm/index.js';
export { buildGlrlm, glrlmStats, type GlrlmMatrix, type GlrlmStats } from './features/glrlm/index.js';
export { buildGlszm } from './features/glszm.js';
export { buildGldzm, borderDistanceMap } from './features/gldzm.js';
export { buildNgtdm, ngtdmStats, type NgtdmMatrix, type NgtdmStats } from './features/ngtdm.js';
export { buildNgldm } from './features/ngldm.js';
export { countMatrixStats, labelZones, type CountMatrix, type CountMatrixStats, type ZoneLabels } from './features/zones.js';
export { marchingCubes, meshMeasures, convexHull, orientedMinimumBoundingBox, minimumVolumeEnclosingEllipsoid, moranI, gearyC, type Mesh, type OrientedBox, type Ellipsoid } from './features/morphology/index.js';

// PyRadiomics compatibility mode: its deviations from IBSI, by name (docs/pyradiomics.md).
export { COMPAT_MODES, PYRADIOMICS_DEVIATIONS, type CompatMode, type Deviation, type DeviationName } from './compat/index.js';
// PyRadiomics parameter files, column names and the feature mapping (docs/pyradiomics.md).
export {
  parsePyradiomicsParams,
  pyradiomicsColumnNames,
  withPyradiomicsNames,
  PYRADIOMICS_FEATURES,
  PYRADIOMICS_CLASSES,
  PYRADIOMICS_CLASS_FAMILIES,
  DEFAULT_PYRADIOMICS_NAMING,
  type PyradiomicsParams,
  type PyradiomicsIssue,
  type PyradiomicsNaming,
  type PyradiomicsMapSettings,
  type PyradiomicsClass,
  type PyradiomicsFeature,
} from './pyradiomics/index.js';

// Robustness and harmonisation (perturbation, ICC / CCC / wCV, ComBat, HTML reports).
export * from './robustness/index.js';
export { parseCsv, formatCsv, type CsvTable } from './util/csv.js';

// DICOMweb (QIDO-RS, WADO-RS, STOW-RS) over fetch, with one retry / time-out policy.
export * from './io/dicomweb/index.js';
