import type { ExtractResult } from '../extract.js';
import { featureId, imageFeatureId } from '../features/id.js';
import { imageTypeLabel, type ImageType } from '../config.js';
import { PYRADIOMICS_FEATURES, type PyradiomicsClass, type PyradiomicsFeature } from './features.js';
import { DEFAULT_PYRADIOMICS_NAMING, pyradiomicsLogName, type PyradiomicsNaming } from './params.js';

/** Families whose ids carry an aggregation / a distance (see featureId). */
const MATRIX_FAMILIES = ['glcm', 'glrlm'];
const ZONE_FAMILIES = ['glszm', 'gldzm', 'ngtdm', 'ngldm'];
const DISTANCE_FAMILIES = ['glcm', 'ngtdm', 'ngldm'];
/** Features that add voxelArrayShift in PyRadiomics. */
const SHIFTED = ['energy', 'rootMeanSquare'];
/** Statistics that do not change when the intensities are scaled. */
const SCALE_FREE = ['skewness', 'kurtosisPyradiomics'];

/**
 * Our feature id -> PyRadiomics column name (`original_glcm_JointAverage`) for every feature whose
 * definition agrees with PyRadiomics' under the given settings: the aggregation PyRadiomics uses
 * (3D_average / 3D by default) and its distance; Energy and RootMeanSquared only when voxelArrayShift is 0;
 * intensity statistics only when the intensities are on PyRadiomics' scale (intensityScale 1).
 * In compat mode pyradiomics (naming.compat), a feature with a PyRadiomics definition of its own
 * (PyradiomicsFeature.compat: Kurtosis, Energy with voxelArrayShift, the axis lengths, TotalEnergy, the 2D
 * diameters, MCC) gives its name to that feature instead. Features without an agreeing equivalent are
 * absent and keep our ids.
 */
export function pyradiomicsColumnNames(naming: Partial<PyradiomicsNaming> = {}, imageTypes: readonly ImageType[] = [{ type: 'original', name: null }]): ReadonlyMap<string, string> {
  const n = { ...DEFAULT_PYRADIOMICS_NAMING, ...naming };
  const out = new Map<string, string>();
  for (const t of imageTypes) {
    const prefix = pyradiomicsImageTypeName(t);
    if (prefix === null) continue;
    // Our id prefix, as extract() builds it; PyRadiomics computes no shape features on derived images.
    const label = t.name ?? (t.type === 'original' ? null : imageTypeLabel(t));
    for (const [id, column] of classColumns(n, t.type === 'original')) out.set(imageFeatureId(label, id), `${prefix}_${column}`);
  }
  return out;
}

/**
 * The image type name PyRadiomics starts its columns with (original, square, squareroot, logarithm,
 * exponential, lbp-2D, gradient, lbp-3D-m1 / lbp-3D-k, log-sigma-2-0-mm-3D, wavelet-LLH / wavelet2-LLH: the image type's name when parsePyradiomicsParams gave
 * it one), or null for image types whose response differs from PyRadiomics' (our IBSI 2 filters).
 */
export function pyradiomicsImageTypeName(t: ImageType): string | null {
  switch (t.type) {
    case 'original':
      return 'original';
    case 'square':
    case 'logarithm':
    case 'exponential':
      return t.type;
    case 'squareRoot':
      return 'squareroot';
    case 'lbp2d':
      return 'lbp-2D';
    case 'swt':
      return t.name !== null && /^wavelet\d*-[LH]+$/.test(t.name) ? t.name : `wavelet${t.level > 1 ? t.level : ''}-${t.decomposition}`;
    case 'gradient':
      return 'gradient';
    case 'recursiveLog':
      return t.name !== null && /^log-sigma-.+-mm-3D$/.test(t.name) ? t.name : pyradiomicsLogName(t.sigma, null);
    case 'lbp3d':
      return `lbp-3D-${t.output}`;
    default:
      return null;
  }
}

/** [our id without image type prefix, "<class>_<Feature>"] for every PyRadiomics feature that agrees (see pyradiomicsColumnNames). */
function classColumns(n: PyradiomicsNaming, withShape: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const [cls, table] of Object.entries(PYRADIOMICS_FEATURES) as [PyradiomicsClass, Record<string, PyradiomicsFeature>][]) {
    if ((cls === 'shape' || cls === 'shape2D') && !withShape) continue;
    for (const [name, f] of Object.entries(table)) {
      const useCompat = n.compat === 'pyradiomics' && f.compat !== undefined;
      const ours = useCompat ? f.compat! : f.agrees ? f.ours : null;
      if (ours === null) continue;
      const { family, feature } = ours;
      if (!useCompat && n.voxelArrayShift !== 0 && family === 'stat' && SHIFTED.includes(feature)) continue;
      if (n.intensityScale !== 1 && family === 'stat' && !SCALE_FREE.includes(feature)) continue;
      const aggregation = MATRIX_FAMILIES.includes(family) ? n.matrixAggregation : ZONE_FAMILIES.includes(family) ? n.zoneAggregation : null;
      out.push([featureId(family, feature, aggregation, DISTANCE_FAMILIES.includes(family) ? n.distance : undefined), `${cls}_${name}`]);
    }
  }
  return out;
}

/** The result with PyRadiomics column names as feature ids where the definitions agree (see pyradiomicsColumnNames). */
export function withPyradiomicsNames(result: ExtractResult, naming: Partial<PyradiomicsNaming> = {}): ExtractResult {
  const names = pyradiomicsColumnNames({ compat: result.provenance.config.compat, ...naming }, result.provenance.config.imageTypes);
  return { ...result, features: result.features.map((f) => (names.has(f.id) ? { ...f, id: names.get(f.id)! } : f)) };
}
