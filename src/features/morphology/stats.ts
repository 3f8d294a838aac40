/**
 * Everything the 29 morphological features read, computed once per ROI: the mesh measures, the
 * convex hull of the mesh vertices (diameter, hull volume and area, OMBB, MVEE), PCA of the voxel
 * centres, centres of mass, and the spatial autocorrelation sums. Which mask each uses follows the
 * IBSI 1 manual: the morphological mask for the mesh, hull, boxes, ellipsoids and PCA (point set X_c)
 * and for the geometric centre of mass; the intensity mask (with its intensities X_gl) for the
 * intensity-weighted centre of mass, integrated intensity, Moran's I and Geary's C.
 *
 * Coordinates are box index times spacing (mm); the image direction and origin do not change any of
 * these features except the axis-aligned bounding box, which is aligned with the voxel grid axes.
 */
import { boxDims, maskBox } from '../../image/maskBox.js';
import type { Vec3 } from '../../image/volume.js';
import { CompensatedSum } from '../../util/sum.js';
import { symmetricEigen3 } from './eigen.js';
import { ellipsoidSurfaceArea, minimumVolumeEnclosingEllipsoid } from './ellipsoid.js';
import { closedMeshMeasures, convexHull, maxPairDistance } from './hull.js';
import { meshMeasures, meshVertexSet2 } from './mesh.js';
import { pyradiomicsMeshMeasures } from './meshPyradiomics.js';
import { shape2dStats, type Shape2dAxis, type Shape2dStats } from './shape2d.js';
import { planeDiameters } from '../../compat/diameters.js';
import type { CompatMode } from '../../compat/modes.js';
import { orientedMinimumBoundingBox } from './ombb.js';
import { spatialSums, spatialSumsPart, type SpatialPart, type SpatialSums } from './spatial.js';

export interface MorphologyStats {
  /** Mesh volume V (mm^3) and area A (mm^2). */
  readonly volume: number;
  readonly area: number;
  /** N_v,m times the voxel volume. */
  readonly voxelVolume: number;
  /** ||CoM_geom - CoM_gl|| (mm). */
  readonly centreOfMassShift: number;
  readonly maxDiameter: number;
  /** PCA eigenvalues of the morphological voxel centres (mm^2), descending. */
  readonly lambda: readonly [number, number, number];
  readonly aabbVolume: number;
  readonly aabbArea: number;
  readonly ombbVolume: number;
  readonly ombbArea: number;
  readonly mveeVolume: number;
  readonly mveeArea: number;
  readonly hullVolume: number;
  readonly hullArea: number;
  /** Mean of X_gl over the intensity mask. */
  readonly meanIntensity: number;
  /** N, the number of morphological-mask voxels. */
  readonly voxelCount: number;
  /** PyRadiomics' Maximum2DDiameterSlice, -Column, -Row (compat mode pyradiomics only, else NaN). */
  readonly planeDiameters: readonly [number, number, number];
  /** PyRadiomics' MeshVolume and SurfaceArea, from cshape.c's mesh (meshPyradiomics.ts; compat mode pyradiomics only, else NaN). */
  readonly pyradiomicsVolume: number;
  readonly pyradiomicsArea: number;
  /** PyRadiomics' 2D shape statistics (compat mode pyradiomics with shape2D set, else NaN). */
  readonly shape2d: Shape2dStats;
  readonly spatial: SpatialSums;
}

const NO_SHAPE2D: Shape2dStats = { meshSurface: NaN, perimeter: NaN, maximumDiameter: NaN, pixelSurface: NaN, lambdaMajor: NaN, lambdaMinor: NaN, slices: 0 };

export interface MorphologyStatsOptions {
  readonly directSpatialMaxVoxels: number;
  readonly maxSpatialFftBytes: number;
  readonly spatialSamples: number;
  readonly mveeTolerance: number;
  /** Compatibility mode: pyradiomics adds PyRadiomics' plane diameters (src/compat/). */
  readonly compat: CompatMode;
  /** PyRadiomics' shape2D: the axis the ROI is one slice thick along (compat mode pyradiomics), or null. */
  readonly shape2D: Shape2dAxis | null;
  /** The intermediates to compute (default all); those left out are NaN (a feature selection reads none of them). */
  readonly needs?: MorphologyNeeds;
}

/**
 * The costly intermediates of the morphology statistics, each computed only when a selected feature
 * reads it (morphologyNeeds in index.ts): the IBSI mesh (V, A), the convex hull (diameter, hull V and
 * A; also needed by the next two), the oriented minimum bounding box, the minimum volume enclosing
 * ellipsoid, the intensity-weighted centre, PyRadiomics' mesh, its plane diameters, its 2D shape, and
 * Moran's / Geary's pair sums (spatialStats).
 */
export interface MorphologyNeeds {
  readonly mesh: boolean;
  readonly hull: boolean;
  readonly ombb: boolean;
  readonly mvee: boolean;
  readonly intensityCentre: boolean;
  readonly pyradiomicsMesh: boolean;
  readonly planeDiameters: boolean;
  readonly shape2d: boolean;
  readonly spatial: boolean;
}
export const ALL_MORPHOLOGY_NEEDS: MorphologyNeeds = Object.freeze({ mesh: true, hull: true, ombb: true, mvee: true, intensityCentre: true, pyradiomicsMesh: true, planeDiameters: true, shape2d: true, spatial: true });

/** Hull of the mesh vertex set: points in mm, faces and vertex indices into them. */
export interface MeshHull {
  /** Hull vertices, x, y, z interleaved (mm). */
  readonly points: Float64Array;
  /** Hull faces as index triples into `points`. */
  readonly faces: Uint32Array;
  readonly volume: number;
  readonly area: number;
  readonly maxDiameter: number;
}

/**
 * Convex hull of the marching-cubes vertex set X_vx of `mask`: quickhull on the doubled integer
 * coordinates (exact predicates), then scaled to mm. Null for an empty mask.
 */
export function meshHull(mask: Uint8Array, shape: Vec3, spacing: Vec3): MeshHull | null {
  const pts2 = meshVertexSet2(mask, shape);
  if (pts2.length === 0) return null;
  const hull = convexHull(pts2);
  const half: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const { volume, area } = closedMeshMeasures(pts2, hull.faces, half);
  const maxDiameter = maxPairDistance(pts2, hull.vertices, half);
  // Re-index the hull onto its own vertices, in mm.
  const index = new Int32Array(pts2.length / 3);
  const points = new Float64Array(hull.vertices.length * 3);
  for (let k = 0; k < hull.vertices.length; k++) {
    const v = hull.vertices[k];
    index[v] = k;
    for (let a = 0; a < 3; a++) points[3 * k + a] = pts2[3 * v + a] * half[a];
  }
  const faces = hull.faces.map((v) => index[v]);
  return { points, faces, volume, area, maxDiameter };
}

/** Principal axes of the voxel centres of `mask` (mm): covariance eigenvalues, descending, and eigenvectors. */
export function principalAxes(mask: Uint8Array, shape: Vec3, spacing: Vec3): { values: [number, number, number]; vectors: [Vec3, Vec3, Vec3]; count: number; centre: Vec3 } {
  const [nx] = shape;
  const [sx, sy, sz] = spacing;
  // The voxel loops live in helpers, so that V8 compiles each once instead of compiling this whole
  // function on the fly at each loop and again later (see fftSums in spatial.ts).
  const sums = new Float64Array(6);
  const n = indexSums(mask, shape, sums);
  if (n === 0) return { values: [NaN, NaN, NaN], vectors: [[NaN, NaN, NaN], [NaN, NaN, NaN], [NaN, NaN, NaN]], count: 0, centre: [NaN, NaN, NaN] };
  // Index sums are exact integers; centre in index units, then second moments about it.
  const mx = sums[0] / n;
  const my = sums[1] / n;
  const mz = sums[2] / n;
  // Deviations (index - mean) * spacing, tabulated per coordinate (the same numbers as per voxel).
  const devX = Float64Array.from({ length: nx }, (_, x) => (x - mx) * sx);
  secondMoments(mask, shape, devX, my, mz, sy, sz, sums);
  // Sample covariance (divide by N - 1, numpy's default), as the IBSI reference implementations: it
  // reproduces the digital phantom's axis lengths (dividing by N gives 11.33 instead of 11.4). One
  // voxel: the deviations are all 0, so the covariance is taken as 0 (axis lengths 0), not 0 / 0.
  const dof = n > 1 ? n - 1 : 1;
  const e = symmetricEigen3(sums[0] / dof, sums[1] / dof, sums[2] / dof, sums[3] / dof, sums[4] / dof, sums[5] / dof);
  const values = e.values.map((v) => Math.max(0, v)) as [number, number, number];
  return { values, vectors: e.vectors, count: n, centre: [mx * sx, my * sy, mz * sz] };
}

/** The number of voxels in `mask`; out[0 .. 2] = the sums of their x, y and z indices. */
function indexSums(mask: Uint8Array, shape: Vec3, out: Float64Array): number {
  const [nx, ny, nz] = shape;
  out.fill(0, 0, 3);
  let n = 0;
  for (let z = 0; z < nz; z++) n += indexSumsOfPlane(mask, nx, ny, z, out);
  return n;
}

/**
 * Plane z of indexSums: adds its voxels' index sums to out[0 .. 2] (in voxel order, as one loop over the
 * box would) and returns their number. One call per plane rather than one loop over the box, so that V8
 * optimises it as a function called often instead of by on-stack replacement of a function called once
 * per extraction, which deoptimised after the loop on first use and ran the loop unoptimised again on
 * later calls; the same goes for secondMomentsOfPlane.
 */
function indexSumsOfPlane(mask: Uint8Array, nx: number, ny: number, z: number, out: Float64Array): number {
  let n = 0;
  let mx = out[0];
  let my = out[1];
  let mz = out[2];
  for (let y = 0, i = nx * ny * z; y < ny; y++) {
    for (let x = 0; x < nx; x++, i++) {
      if (!mask[i]) continue;
      n++;
      mx += x;
      my += y;
      mz += z;
    }
  }
  out[0] = mx;
  out[1] = my;
  out[2] = mz;
  return n;
}

/**
 * out = (cxx, cxy, cxz, cyy, cyz, czz): sums over the voxels of `mask` of the products of the
 * deviations devX[x], (y - my) sy, (z - mz) sz.
 */
function secondMoments(mask: Uint8Array, shape: Vec3, devX: Float64Array, my: number, mz: number, sy: number, sz: number, out: Float64Array): void {
  const [nx, ny, nz] = shape;
  out.fill(0, 0, 6);
  for (let z = 0; z < nz; z++) secondMomentsOfPlane(mask, nx, ny, z, devX, my, (z - mz) * sz, sy, out);
}

/** Plane z (deviation dz) of secondMoments: adds its products to out[0 .. 5], in voxel order (the sums carry over between planes exactly, as doubles). */
function secondMomentsOfPlane(mask: Uint8Array, nx: number, ny: number, z: number, devX: Float64Array, my: number, dz: number, sy: number, out: Float64Array): void {
  let cxx = out[0];
  let cxy = out[1];
  let cxz = out[2];
  let cyy = out[3];
  let cyz = out[4];
  let czz = out[5];
  for (let y = 0, i = nx * ny * z; y < ny; y++) {
    const dy = (y - my) * sy;
    for (let x = 0; x < nx; x++, i++) {
      if (!mask[i]) continue;
      const dx = devX[x];
      cxx += dx * dx;
      cxy += dx * dy;
      cxz += dx * dz;
      cyy += dy * dy;
      cyz += dy * dz;
      czz += dz * dz;
    }
  }
  out[0] = cxx;
  out[1] = cxy;
  out[2] = cxz;
  out[3] = cyy;
  out[4] = cyz;
  out[5] = czz;
}

/** Intensity-weighted centre (mm) and mean intensity over `mask`. */
function intensityCentre(mask: Uint8Array, values: Float64Array, shape: Vec3, spacing: Vec3): { centre: Vec3; mean: number } {
  const sw = new CompensatedSum();
  const swx = new CompensatedSum();
  const swy = new CompensatedSum();
  const swz = new CompensatedSum();
  // The voxel loop lives in a helper (see principalAxes).
  const n = weightedIndexSums(mask, values, shape, sw, swx, swy, swz);
  const w = sw.value;
  return { centre: [(swx.value / w) * spacing[0], (swy.value / w) * spacing[1], (swz.value / w) * spacing[2]], mean: n > 0 ? w / n : NaN };
}

/** Adds, over the voxels of `mask`, v, v x, v y and v z (v = values[i]) to sw, swx, swy, swz; returns the number of voxels. */
function weightedIndexSums(mask: Uint8Array, values: Float64Array, shape: Vec3, sw: CompensatedSum, swx: CompensatedSum, swy: CompensatedSum, swz: CompensatedSum): number {
  const [nx, ny, nz] = shape;
  let n = 0;
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        const v = values[i];
        n++;
        sw.add(v);
        swx.add(v * x);
        swy.add(v * y);
        swz.add(v * z);
      }
    }
  }
  return n;
}

/** Extent (mm) of the mesh along each grid axis: ROI voxel extent, since vertices sit half a voxel outside the outermost centres. */
function aabbDims(mask: Uint8Array, shape: Vec3, spacing: Vec3): Vec3 {
  const [dx, dy, dz] = boxDims(maskBox(mask, shape));
  return [dx * spacing[0], dy * spacing[1], dz * spacing[2]];
}

/**
 * Moran's I and Geary's C sums over the intensity mask (zeros for an empty one): apart from the rest,
 * so that another thread can compute them (extractParallel), the largest part of the family.
 */
export function spatialStats(intensityMask: Uint8Array, intensities: Float64Array, shape: Vec3, spacing: Vec3, options: MorphologyStatsOptions): SpatialSums {
  return spatialSums(intensityMask, intensities, shape, spacing, options.directSpatialMaxVoxels, options.maxSpatialFftBytes, options.spatialSamples);
}

/** Part `part` of `parts` of spatialStats' work (spatialSumsPart); combineSpatialParts joins them. */
export function spatialStatsPart(intensityMask: Uint8Array, intensities: Float64Array, shape: Vec3, spacing: Vec3, options: MorphologyStatsOptions, part: number, parts: number): SpatialPart {
  return spatialSumsPart(intensityMask, intensities, shape, spacing, options.directSpatialMaxVoxels, options.maxSpatialFftBytes, options.spatialSamples, part, parts);
}

/**
 * Every statistic of one ROI but the spatial sums (spatialStats; the family joins the two).
 * `morphMask`, `intensityMask` and `intensities` cover the same box of `shape`.
 */
export function shapeStats(
  morphMask: Uint8Array,
  intensityMask: Uint8Array,
  intensities: Float64Array,
  shape: Vec3,
  spacing: Vec3,
  options: MorphologyStatsOptions,
): Omit<MorphologyStats, 'spatial'> {
  const [sx, sy, sz] = spacing;
  const needs = options.needs ?? ALL_MORPHOLOGY_NEEDS;
  const pca = principalAxes(morphMask, shape, spacing);
  const mesh = needs.mesh ? meshMeasures(morphMask, shape, spacing) : { volume: NaN, area: NaN };
  const hull = pca.count > 0 && (needs.hull || needs.ombb || needs.mvee) ? meshHull(morphMask, shape, spacing) : null;
  const box = aabbDims(morphMask, shape, spacing);
  const gl = needs.intensityCentre ? intensityCentre(intensityMask, intensities, shape, spacing) : { centre: [NaN, NaN, NaN] as Vec3, mean: NaN };
  let ombbVolume = NaN;
  let ombbArea = NaN;
  let mveeVolume = NaN;
  let mveeArea = NaN;
  if (hull !== null && needs.ombb) {
    const ombb = orientedMinimumBoundingBox(hull.points, hull.faces, [...pca.vectors, [1, 0, 0], [0, 1, 0], [0, 0, 1]] as [number, number, number][]);
    ombbVolume = ombb.volume;
    ombbArea = ombb.area;
  }
  if (hull !== null && needs.mvee) {
    const mvee = minimumVolumeEnclosingEllipsoid(hull.points, { tolerance: options.mveeTolerance });
    const [a, b, c] = mvee.semiAxes;
    mveeVolume = (4 / 3) * Math.PI * a * b * c;
    mveeArea = ellipsoidSurfaceArea(a, b, c);
  }
  const shift = Math.hypot(pca.centre[0] - gl.centre[0], pca.centre[1] - gl.centre[1], pca.centre[2] - gl.centre[2]);
  const pyradiomicsMesh = options.compat === 'pyradiomics' && needs.pyradiomicsMesh && pca.count > 0 ? pyradiomicsMeshMeasures(morphMask, shape, spacing) : { volume: NaN, area: NaN };
  return {
    volume: pca.count > 0 ? mesh.volume : NaN,
    area: pca.count > 0 ? mesh.area : NaN,
    voxelVolume: pca.count * sx * sy * sz,
    centreOfMassShift: shift,
    maxDiameter: needs.hull ? (hull?.maxDiameter ?? NaN) : NaN,
    lambda: pca.values,
    aabbVolume: box[0] * box[1] * box[2],
    aabbArea: 2 * (box[0] * box[1] + box[0] * box[2] + box[1] * box[2]),
    ombbVolume,
    ombbArea,
    mveeVolume,
    mveeArea,
    hullVolume: needs.hull ? (hull?.volume ?? NaN) : NaN,
    hullArea: needs.hull ? (hull?.area ?? NaN) : NaN,
    meanIntensity: gl.mean,
    voxelCount: pca.count,
    planeDiameters: options.compat === 'pyradiomics' && needs.planeDiameters && pca.count > 0 ? planeDiameters(meshVertexSet2(morphMask, shape, false), spacing) : [NaN, NaN, NaN],
    pyradiomicsVolume: pyradiomicsMesh.volume,
    pyradiomicsArea: pyradiomicsMesh.area,
    shape2d: options.compat === 'pyradiomics' && options.shape2D !== null && needs.shape2d ? shape2dStats(morphMask, shape, spacing, options.shape2D) : NO_SHAPE2D,
  };
}
