import ndarray from 'ndarray';
import type { NdArray } from 'ndarray';
import { RadiomicsError } from '../errors.js';
import type { Acquisition } from './acquisition.js';

/**
 * The volume model. Voxels are an ndarray indexed [x, y, z] with x fastest (strides [1, nx, nx*ny]).
 * World frame: LPS (as DICOM). `direction` is a row-major 3x3 matrix whose COLUMNS are the world
 * directions of the x, y and z index axes; world = origin + direction * diag(spacing) * index.
 * Readers convert their format's frame into this one exactly once (io/), nowhere else.
 */
export type VoxelData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export type Vec3 = readonly [number, number, number];
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

export interface Geometry {
  /** Voxel counts along x, y, z. */
  readonly shape: Vec3;
  /** Voxel size in mm along x, y, z. */
  readonly spacing: Vec3;
  /** World (LPS, mm) position of the centre of voxel (0, 0, 0). */
  readonly origin: Vec3;
  /** Row-major 3x3; column k is the LPS unit vector of index axis k. */
  readonly direction: Mat3;
}

export interface Volume<T extends VoxelData = VoxelData> extends Geometry {
  readonly voxels: NdArray<T>;
  /** Scanner and protocol, when the reader knows them (DICOM); echoed in the result's provenance. */
  readonly acquisition?: Acquisition;
}

/** A mask is a volume plus the label value that marks the region of interest. */
export interface Mask<T extends VoxelData = VoxelData> {
  readonly volume: Volume<T>;
  readonly label: number;
}

export const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export interface VolumeInit<T extends VoxelData> {
  readonly data: T;
  readonly shape: Vec3;
  readonly spacing?: Vec3;
  readonly origin?: Vec3;
  readonly direction?: Mat3;
  readonly acquisition?: Acquisition;
}

/** Wraps a flat x-fastest array as a Volume; checks that the length fits the shape. */
export function createVolume<T extends VoxelData>(init: VolumeInit<T>): Volume<T> {
  const [nx, ny, nz] = init.shape;
  for (const n of init.shape) {
    if (!Number.isInteger(n) || n < 1) {
      throw new RadiomicsError('InvalidArgument', `volume shape must be positive integers, got [${init.shape.join(', ')}]`, { shape: init.shape });
    }
  }
  if (init.data.length !== nx * ny * nz) {
    throw new RadiomicsError('InvalidArgument', `voxel array has ${init.data.length} values but shape [${nx}, ${ny}, ${nz}] needs ${nx * ny * nz}`, { shape: init.shape, length: init.data.length });
  }
  const spacing = init.spacing ?? [1, 1, 1];
  for (const s of spacing) {
    if (!(s > 0) || !Number.isFinite(s)) {
      throw new RadiomicsError('InvalidArgument', `voxel spacing must be positive and finite, got [${spacing.join(', ')}]`, { spacing });
    }
  }
  return Object.freeze({
    voxels: ndarray(init.data, [nx, ny, nz], [1, nx, nx * ny]),
    shape: Object.freeze([nx, ny, nz]) as Vec3,
    spacing: Object.freeze([...spacing]) as unknown as Vec3,
    origin: Object.freeze([...(init.origin ?? [0, 0, 0])]) as unknown as Vec3,
    direction: Object.freeze([...(init.direction ?? IDENTITY)]) as unknown as Mat3,
    ...(init.acquisition === undefined ? {} : { acquisition: Object.freeze({ ...init.acquisition }) }),
  });
}

export function voxelCount(g: Geometry): number {
  return g.shape[0] * g.shape[1] * g.shape[2];
}

/** The flat x-fastest data of a volume created by createVolume or a reader. */
export function voxelData<T extends VoxelData>(v: Volume<T>): T {
  return v.voxels.data as T;
}

/**
 * The flat x-fastest voxel array of any volume: its own data when the ndarray is dense (as createVolume
 * makes it), else a copy of the strided view into a dense Float64Array.
 */
export function flatVoxelData(v: Volume): VoxelData {
  const a = v.voxels;
  const [nx, ny, nz] = v.shape;
  const s = a.stride;
  if (a.offset === 0 && s[0] === 1 && s[1] === nx && s[2] === nx * ny && a.data.length === nx * ny * nz) return a.data as VoxelData;
  const out = new Float64Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) out[i] = a.get(x, y, z);
  return out;
}

/** World (LPS) coordinate of a continuous voxel index. */
export function indexToWorld(g: Geometry, i: Vec3): Vec3 {
  const d = g.direction;
  const a = i[0] * g.spacing[0];
  const b = i[1] * g.spacing[1];
  const c = i[2] * g.spacing[2];
  return [
    g.origin[0] + d[0] * a + d[1] * b + d[2] * c,
    g.origin[1] + d[3] * a + d[4] * b + d[5] * c,
    g.origin[2] + d[6] * a + d[7] * b + d[8] * c,
  ];
}
