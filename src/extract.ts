import { RadiomicsError } from './errors.js';
import { resolveConfig, type ConfigInput, type ExtractConfig, type IvhDiscretisation } from './config.js';
import { checkSameGeometry } from './image/geometry.js';
import type { Geometry, Mask, Vec3, Volume, VoxelData } from './image/volume.js';
import { discretise } from './preprocess/discretise.js';
import { FAMILIES, type FamilyName } from './features/registry.js';
import { featureId } from './features/id.js';
import type { FamilyInput, FeatureValue, IvhInput, RawFeatureValue, Warning } from './features/types.js';
import { MORPHOLOGY_DEFAULTS } from './features/morphology/index.js';
import { sha256Hex } from './util/sha256.js';
import { VERSION } from './version.js';

export interface ExtractOptions {
  /** Preset whose settings lie under `config` (see PRESETS). */
  readonly preset?: string;
  /** File names, for error messages and provenance only. */
  readonly imageFile?: string;
  readonly maskFile?: string;
}

export interface Provenance {
  readonly library: { readonly name: 'radiomics'; readonly version: string };
  readonly standard: string;
  readonly preset: string | null;
  /** The whole resolved config. */
  readonly config: ExtractConfig;
  readonly image: { readonly file: string | null; readonly geometry: Geometry; readonly datatype: string; readonly sha256: string };
  readonly mask: { readonly file: string | null; readonly geometry: Geometry; readonly datatype: string; readonly label: number; readonly sha256: string };
  readonly roi: {
    readonly morphologicalVoxels: number;
    readonly intensityVoxels: number;
    /** Inclusive index bounds [x0, y0, z0, x1, y1, z1] of the ROI in the image grid. */
    readonly boundingBox: readonly number[];
    readonly bins: number;
    readonly binLowerBound: number;
  };
}

export interface ExtractResult {
  readonly features: readonly FeatureValue[];
  readonly warnings: readonly Warning[];
  readonly provenance: Provenance;
}

/**
 * Extracts IBSI features of the ROI `mask.label` of `mask` from `image`:
 * validate inputs -> build the morphological and intensity masks -> discretise -> run each family.
 * Deterministic: the same inputs and config give bit-identical output.
 */
export function extract(image: Volume, mask: Mask, config: ConfigInput = {}, options: ExtractOptions = {}): ExtractResult {
  const resolved = resolveConfig(config, options.preset);
  checkSameGeometry(image, mask.volume, { imageFile: options.imageFile, maskFile: options.maskFile });
  const imageData = flatData(image);
  const maskData = flatData(mask.volume);
  const roi = buildRoi(image, imageData, maskData, mask.label, resolved, options);

  const features: FeatureValue[] = [];
  const warnings: Warning[] = [...roi.warnings];
  for (const name of resolved.families) {
    const family = FAMILIES[name];
    const out = (family.compute as (i: FamilyInput, p: unknown) => { values: readonly RawFeatureValue[]; warnings: readonly Warning[] })(roi.input, familyParams(name, resolved));
    for (const raw of out.values) {
      const def = (family.features as Record<string, { name: string; ibsi: string | null }>)[raw.feature];
      features.push({ id: featureId(name, raw.feature, raw.aggregation, raw.distance), family: name, name: def.name, ibsi: def.ibsi, aggregation: raw.aggregation, value: raw.value });
    }
    warnings.push(...out.warnings);
  }

  const provenance: Provenance = {
    library: { name: 'radiomics', version: VERSION },
    standard: 'IBSI 1 (Zwanenburg et al., Radiology 2020;295:328-338; reference manual arXiv:1612.07003)',
    preset: options.preset ?? null,
    config: resolved,
    image: { file: options.imageFile ?? null, geometry: geometryOf(image), datatype: datatypeOf(imageData), sha256: sha256Hex(bytesOf(imageData)) },
    mask: { file: options.maskFile ?? null, geometry: geometryOf(mask.volume), datatype: datatypeOf(maskData), label: mask.label, sha256: sha256Hex(bytesOf(maskData)) },
    roi: roi.summary,
  };
  return { features, warnings, provenance };
}

/** Family parameters from the resolved config: one mapping, so each family sees only its own settings. */
function familyParams(name: FamilyName, c: ExtractConfig): unknown {
  const maxMatrixBytes = c.limits.maxMatrixBytes;
  switch (name) {
    case 'morph':
      return MORPHOLOGY_DEFAULTS;
    case 'glcm':
      return { ...c.glcm, maxMatrixBytes };
    case 'glrlm':
      return { ...c.glrlm, maxMatrixBytes };
    case 'glszm':
      return { ...c.glszm, maxMatrixBytes };
    case 'gldzm':
      return { ...c.gldzm, maxMatrixBytes };
    case 'ngtdm':
      return { ...c.ngtdm, maxMatrixBytes };
    case 'ngldm':
      return { ...c.ngldm, maxMatrixBytes };
    default:
      return {};
  }
}

interface Roi {
  readonly input: FamilyInput;
  readonly summary: Provenance['roi'];
  readonly warnings: Warning[];
}

function buildRoi(image: Volume, imageData: VoxelData, maskData: VoxelData, label: number, config: ExtractConfig, options: ExtractOptions): Roi {
  const [nx, ny, nz] = image.shape;
  const maskName = options.maskFile ?? 'mask';
  // Bounding box of the label.
  let x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
  let count = 0;
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        if (maskData[i] !== label) continue;
        count++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
  if (count === 0) {
    throw new RadiomicsError('EmptyMask', `${maskName}: no voxel has label ${label}`, { file: options.maskFile, label });
  }
  if (count === 1) {
    throw new RadiomicsError('OneVoxelMask', `${maskName}: label ${label} marks a single voxel (${x0}, ${y0}, ${z0}); features need at least 2 voxels`, { file: options.maskFile, label, voxel: [x0, y0, z0] });
  }
  const bx = x1 - x0 + 1, by = y1 - y0 + 1, bz = z1 - z0 + 1;
  const n = bx * by * bz;
  const morphMask = new Uint8Array(n);
  const intensityMask = new Uint8Array(n);
  const intensities = new Float64Array(n);
  const roiValues = new Float64Array(count);
  let k = 0;
  for (let z = 0, j = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const row = x0 + nx * (y0 + y + ny * (z0 + z));
      for (let x = 0; x < bx; x++, j++) {
        const v = imageData[row + x];
        intensities[j] = v;
        if (maskData[row + x] !== label) continue;
        if (!Number.isFinite(v)) {
          throw new RadiomicsError('NonFiniteVoxels', `${options.imageFile ?? 'image'}: voxel (${x0 + x}, ${y0 + y}, ${z0 + z}) inside the ROI is ${v}`, { file: options.imageFile, voxel: [x0 + x, y0 + y, z0 + z] });
        }
        morphMask[j] = 1;
        intensityMask[j] = 1;
        roiValues[k++] = v;
      }
    }

  const disc = discretise(roiValues, config.discretisation, null);
  const levels = new Int32Array(n);
  for (let j = 0, m = 0; j < n; j++) if (intensityMask[j]) levels[j] = disc.levels[m++];

  const warnings: Warning[] = [];
  if (count < 27) warnings.push({ code: 'FewVoxels', message: `the ROI has only ${count} voxels; many texture and shape features are unstable at this size` });

  const input: FamilyInput = {
    image,
    boxOffset: [x0, y0, z0] as Vec3,
    boxShape: [bx, by, bz] as Vec3,
    spacing: image.spacing,
    intensityMask,
    morphMask,
    intensities,
    roiValues,
    levels,
    nBins: disc.nBins,
    ivh: ivhInput(roiValues, config.ivhDiscretisation),
  };
  return {
    input,
    warnings,
    summary: { morphologicalVoxels: count, intensityVoxels: count, boundingBox: [x0, y0, z0, x1, y1, z1], bins: disc.nBins, binLowerBound: disc.lowerBound },
  };
}

/**
 * X_{d,gl}, total range G and interval w_d for the intensity-volume histogram (IBSI 1 manual, IVH):
 * none: X_gl itself, G = [min, max], w_d = 1; fixed bin size: bin centres X_min + (X_d - 0.5) w,
 * G = [X_min + w/2, X_max - w/2], w_d = w; fixed bin number: bin numbers, G = [1, N_g], w_d = 1.
 */
function ivhInput(roiValues: Float64Array, d: IvhDiscretisation): IvhInput {
  let min = Infinity;
  let max = -Infinity;
  for (const v of roiValues) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (d.method === 'none') return { values: roiValues, rangeMin: min, rangeMax: max, step: 1 };
  const disc = discretise(roiValues, d, null);
  if (d.method === 'fixedBinNumber') return { values: Float64Array.from(disc.levels), rangeMin: 1, rangeMax: d.bins, step: 1 };
  const w = d.width;
  const values = new Float64Array(roiValues.length);
  for (let i = 0; i < values.length; i++) values[i] = disc.lowerBound + (disc.levels[i] - 0.5) * w;
  return { values, rangeMin: disc.lowerBound + 0.5 * w, rangeMax: max - 0.5 * w, step: w };
}

/** The flat x-fastest array behind a volume; copies when the ndarray is a strided view. */
function flatData(v: Volume): VoxelData {
  const a = v.voxels;
  const [nx, ny] = v.shape;
  const s = a.stride;
  if (a.offset === 0 && s[0] === 1 && s[1] === nx && s[2] === nx * ny && a.data.length === nx * ny * v.shape[2]) return a.data as VoxelData;
  const out = new Float64Array(nx * ny * v.shape[2]);
  for (let z = 0, i = 0; z < v.shape[2]; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) out[i] = a.get(x, y, z);
  return out;
}

function geometryOf(g: Geometry): Geometry {
  return { shape: g.shape, spacing: g.spacing, origin: g.origin, direction: g.direction };
}

function datatypeOf(a: VoxelData): string {
  return a.constructor.name.replace('Array', '').toLowerCase();
}

function bytesOf(a: VoxelData): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
