import type { IvhDiscretisation } from '../config.js';
import { ivhInput } from '../extract.js';
import { maskBoxWithin, type MaskBox } from '../image/maskBox.js';
import type { Vec3, Volume } from '../image/volume.js';
import type { FamilyInput, IvhInput } from '../features/types.js';
import { presentLevels, type PresentLevels } from '../features/levels.js';
import { MatrixScratch } from '../features/matrixScratch.js';

/**
 * The voxels a kernel walk reads: a box of the processed image with its masks and ROI-level grey levels,
 * and the voxels that get a map value (the centres). Masked kernels walk the ROI box; unmasked kernels
 * the ROI box grown by the kernel radius (clipped to the image).
 */
export interface MapRegion {
  /**
   * The processed image (FamilyInput.image), or null on another thread: no family that maps compute
   * reads it (local intensity, which does, is refused).
   */
  readonly image: Volume | null;
  readonly spacing: Vec3;
  /** Offset of the region box in the image grid, and its shape (x fastest). */
  readonly offset: Vec3;
  readonly shape: Vec3;
  /** region box: intensities, the masks a kernel is cut from, and the ROI-level grey levels (0 outside the intensity mask). */
  readonly intensities: Float64Array;
  readonly intensityMask: Uint8Array;
  readonly morphMask: Uint8Array;
  readonly levels: Int32Array;
  /** Region indices of the voxels that get a value, in region order (x fastest). */
  readonly centres: Int32Array;
  /**
   * N_g of a kernel: 'highest' = the highest level in the kernel (what extract() reports for a fixed bin
   * size with the lower bound pinned), or the ROI's bin count (fixed bin number).
   */
  readonly nBins: 'highest' | number;
  /**
   * The intensity-volume histogram settings of a kernel: extract's ivhInput on the kernel's intensities
   * with this discretisation (a fixed bin size's lower bound pinned to the region's) and range.
   */
  readonly ivh: { readonly discretisation: IvhDiscretisation; readonly range: readonly [number | null, number | null] | null };
}

/**
 * Preallocated buffers for one kernel of radius R: every array (2R+1)^3 long; views of the used length are
 * handed out. `levelScratch` holds a kernel's present grey levels (KernelInput.present), apart from the
 * families' own working memory, so that no family's arrays overwrite them.
 */
export interface KernelBuffers {
  readonly intensityMask: Uint8Array;
  readonly morphMask: Uint8Array;
  readonly intensities: Float64Array;
  readonly levels: Int32Array;
  readonly roiValues: Float64Array;
  readonly levelScratch: MatrixScratch;
  /** 2R + 1, the largest box side. */
  readonly side: number;
  /** The box shapes handed out, at bx - 1 + side (by - 1 + side (bz - 1)) (shapeOf): one array per shape, not per kernel. */
  readonly shapes: (Vec3 | undefined)[];
  /**
   * The views handed out, per buffer and length (viewOf): the buffers never grow, so a view of the first
   * n entries serves every kernel of that size; a new subarray per kernel and array was most of what a
   * feature map's kernel loop allocated once the families' own arrays were kept.
   */
  readonly views: {
    readonly intensityMask: (Uint8Array | undefined)[];
    readonly morphMask: (Uint8Array | undefined)[];
    readonly intensities: (Float64Array | undefined)[];
    readonly levels: (Int32Array | undefined)[];
    readonly roiValues: (Float64Array | undefined)[];
  };
}

export function kernelBuffers(radius: number): KernelBuffers {
  const n = (2 * radius + 1) ** 3;
  return {
    intensityMask: new Uint8Array(n),
    morphMask: new Uint8Array(n),
    intensities: new Float64Array(n),
    levels: new Int32Array(n),
    roiValues: new Float64Array(n),
    levelScratch: new MatrixScratch(),
    side: 2 * radius + 1,
    shapes: [],
    views: { intensityMask: [], morphMask: [], intensities: [], levels: [], roiValues: [] },
  };
}

/** The box shape [bx, by, bz] (each 1 .. side), kept in buf.shapes and handed out again (Vec3 is read-only). */
function shapeOf(buf: KernelBuffers, bx: number, by: number, bz: number): Vec3 {
  const side = buf.side;
  return (buf.shapes[bx - 1 + side * (by - 1 + side * (bz - 1))] ??= [bx, by, bz]);
}

/** The view of the first n entries of `buffer`, kept in `views` (one per length) and handed out again. */
function viewOf<T extends Uint8Array | Int32Array | Float64Array>(buffer: T, views: (T | undefined)[], n: number): T {
  return (views[n] ??= buffer.subarray(0, n) as T);
}

/**
 * The box a kernel reads: the cube of (2R+1)^3 voxels around `centre` (a region index) clipped to the
 * region, shrunk to the bounding box of its morphological voxels. The kernel's input is a function of this
 * box alone (kernelInput reads the region over it and nothing else): the cube holds the box, so its
 * voxels of the morphological mask are exactly the box's, and its intensity-mask voxels (a subset) too.
 * Two centres with the same box therefore get the same FamilyInput and the same feature values, bit for
 * bit: thick-slice images (few slices in a kernel's reach) give many such repeats (repeatedKernels in extractMaps.ts).
 */
export function kernelBox(region: MapRegion, centre: number, radius: number): MaskBox {
  const [nx, ny, nz] = region.shape;
  const cx = centre % nx;
  const cy = Math.floor(centre / nx) % ny;
  const cz = Math.floor(centre / (nx * ny));
  const lx = Math.max(0, cx - radius), hx = Math.min(nx - 1, cx + radius);
  const ly = Math.max(0, cy - radius), hy = Math.min(ny - 1, cy + radius);
  const lz = Math.max(0, cz - radius), hz = Math.min(nz - 1, cz + radius);
  return maskBoxWithin(region.morphMask, region.shape, [lx, ly, lz], [hx, hy, hz]);
}

/**
 * The boxes (kernelBox) of a region's centres, six numbers per centre: x0, y0, z0, x1, y1, z1. Made once per
 * map (repeatedKernels compares them, the kernel walk reads them) instead of once per use, from a summed
 * volume table of the morphological mask (summedVolume): each face of the cube moves in while the slab
 * beyond it holds no mask voxel, a slab's count 8 reads, where kernelBox visits every voxel of the cube.
 */
export function kernelBoxes(region: MapRegion, radius: number): Int32Array {
  const [nx, ny, nz] = region.shape;
  const table = summedVolume(region.morphMask, region.shape);
  const count = (xa: number, xb: number, ya: number, yb: number, za: number, zb: number) => boxCount(table, nx, ny, xa, xb, ya, yb, za, zb);
  const centres = region.centres;
  const boxes = new Int32Array(6 * centres.length);
  for (let k = 0; k < centres.length; k++) {
    const c = centres[k];
    if (!region.morphMask[c]) {
      // Not reached by extractMaps' regions (a centre lies in both masks); kernelBox's answer, whatever its cube holds.
      const box = kernelBox(region, c, radius);
      boxes.set([box.x0, box.y0, box.z0, box.x1, box.y1, box.z1], 6 * k);
      continue;
    }
    const cx = c % nx;
    const cy = Math.floor(c / nx) % ny;
    const cz = Math.floor(c / (nx * ny));
    let x0 = Math.max(0, cx - radius), x1 = Math.min(nx - 1, cx + radius);
    let y0 = Math.max(0, cy - radius), y1 = Math.min(ny - 1, cy + radius);
    let z0 = Math.max(0, cz - radius), z1 = Math.min(nz - 1, cz + radius);
    // The centre is a mask voxel (an intensity-mask voxel, within the morphological mask), so no face passes it.
    while (x0 < cx && count(x0, x0, y0, y1, z0, z1) === 0) x0++;
    while (x1 > cx && count(x1, x1, y0, y1, z0, z1) === 0) x1--;
    while (y0 < cy && count(x0, x1, y0, y0, z0, z1) === 0) y0++;
    while (y1 > cy && count(x0, x1, y1, y1, z0, z1) === 0) y1--;
    while (z0 < cz && count(x0, x1, y0, y1, z0, z0) === 0) z0++;
    while (z1 > cz && count(x0, x1, y0, y1, z1, z1) === 0) z1--;
    const b = 6 * k;
    boxes[b] = x0;
    boxes[b + 1] = y0;
    boxes[b + 2] = z0;
    boxes[b + 3] = x1;
    boxes[b + 4] = y1;
    boxes[b + 5] = z1;
  }
  return boxes;
}

/**
 * The summed volume table of `mask` (x fastest): at (x, y, z) of a grid one larger along each axis, the
 * number of mask voxels with coordinates below (x, y, z).
 */
function summedVolume(mask: Uint8Array, shape: readonly [number, number, number]): Int32Array {
  const [nx, ny, nz] = shape;
  const sx = nx + 1, sy = ny + 1;
  const table = new Int32Array(sx * sy * (nz + 1));
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      let row = 0;
      for (let x = 0; x < nx; x++, i++) {
        row += mask[i] ? 1 : 0;
        const t = x + 1 + sx * (y + 1 + sy * (z + 1));
        // This row up to x, plus the rows before it in this slice, plus the slices before (less their overlap).
        table[t] = row + table[t - sx] + table[t - sx * sy] - table[t - sx - sx * sy];
      }
    }
  return table;
}

/** Mask voxels in [xa, xb] x [ya, yb] x [za, zb] (inclusive) from a summed volume table. */
function boxCount(table: Int32Array, nx: number, ny: number, xa: number, xb: number, ya: number, yb: number, za: number, zb: number): number {
  const sx = nx + 1, sxy = sx * (ny + 1);
  const x0 = xa, x1 = xb + 1, y0 = sx * ya, y1 = sx * (yb + 1), z0 = sxy * za, z1 = sxy * (zb + 1);
  return table[x1 + y1 + z1] - table[x0 + y1 + z1] - table[x1 + y0 + z1] - table[x1 + y1 + z0] + table[x0 + y0 + z1] + table[x0 + y1 + z0] + table[x1 + y0 + z0] - table[x0 + y0 + z0];
}

/**
 * The FamilyInput extract() builds for the ROI "the kernel's voxels of the morphological mask" with the
 * ROI-level grey levels, from the kernel's box (kernelBox, or centre k of kernelBoxes; buildRoi crops to the
 * same box): the intensity mask is the region's within the box (range re-segmentation gives the same voxels
 * on the kernel), ROI values in box order. Arrays are views of `buf`, valid until its next use. The box's
 * intensities and morphological mask, which no mapped family but GLDZM (the mask) reads, are copied
 * when first read.
 */
export function kernelInput(region: MapRegion, box: Pick<MaskBox, 'x0' | 'y0' | 'z0' | 'x1' | 'y1' | 'z1'>, buf: KernelBuffers): FamilyInput {
  const { x0, y0, z0, x1, y1, z1 } = box;
  return kernelInputOf(region, x0, y0, z0, x1, y1, z1, buf);
}

/** kernelInput of centre k of `boxes` (kernelBoxes), without a box object. */
export function kernelInputAt(region: MapRegion, boxes: Int32Array, k: number, buf: KernelBuffers): FamilyInput {
  const b = 6 * k;
  return kernelInputOf(region, boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3], boxes[b + 4], boxes[b + 5], buf);
}

function kernelInputOf(region: MapRegion, x0: number, y0: number, z0: number, x1: number, y1: number, z1: number, buf: KernelBuffers): FamilyInput {
  const [nx, ny] = region.shape;
  const morph = region.morphMask;
  const roiMask = region.intensityMask;
  const regionLevels = region.levels;
  const regionIntensities = region.intensities;
  const roiValues = buf.roiValues;
  const bx = x1 - x0 + 1, by = y1 - y0 + 1, bz = z1 - z0 + 1;
  const n = bx * by * bz;
  const intensityMask = viewOf(buf.intensityMask, buf.views.intensityMask, n);
  const levels = viewOf(buf.levels, buf.views.levels, n);
  let count = 0;
  let top = 0;
  for (let z = z0, j = 0; z <= z1; z++)
    for (let y = y0; y <= y1; y++)
      for (let x = x0, i = x0 + nx * (y + ny * z); x <= x1; x++, i++, j++) {
        const k = morph[i] & roiMask[i];
        intensityMask[j] = k;
        if (k) {
          const level = regionLevels[i];
          levels[j] = level;
          if (level > top) top = level;
          roiValues[count++] = regionIntensities[i];
        } else levels[j] = 0;
      }
  return new KernelInput(
    region,
    x0,
    y0,
    z0,
    shapeOf(buf, bx, by, bz),
    intensityMask,
    viewOf(roiValues, buf.views.roiValues, count),
    levels,
    region.nBins === 'highest' ? top : region.nBins,
    buf,
  );
}

/**
 * A kernel's FamilyInput. A class, so that `ivh` (read by the ivh family only, computed when read),
 * `present` (read by the texture families, made by the first that reads it, then shared), `intensities`
 * and `morphMask` (copied from the region when first read) are getters of the prototype: an object
 * literal with a getter is built by V8's slow path, about 2 us a kernel.
 */
class KernelInput implements FamilyInput {
  constructor(
    private readonly region: MapRegion,
    private readonly x0: number,
    private readonly y0: number,
    private readonly z0: number,
    readonly boxShape: Vec3,
    readonly intensityMask: Uint8Array,
    readonly roiValues: Float64Array,
    readonly levels: Int32Array,
    readonly nBins: number,
    private readonly buf: KernelBuffers,
  ) {}

  private presentLevels: PresentLevels | null = null;
  private offsetInImage: Vec3 | null = null;

  /** The box's offset in the image grid, made when first read (only NGLDM's grid path reads it). */
  get boxOffset(): Vec3 {
    if (this.offsetInImage === null) {
      const [ox, oy, oz] = this.region.offset;
      this.offsetInImage = [ox + this.x0, oy + this.y0, oz + this.z0];
    }
    return this.offsetInImage;
  }
  private boxIntensities: Float64Array | null = null;
  private boxMorphMask: Uint8Array | null = null;

  get image(): Volume {
    return this.region.image as Volume;
  }

  get spacing(): Vec3 {
    return this.region.spacing;
  }

  /** The kernel's present grey levels, made once (arrays of the buffers' levelScratch, valid until the next kernel). */
  get present(): PresentLevels {
    return (this.presentLevels ??= presentLevels(this.levels, this.buf.levelScratch));
  }

  get intensities(): Float64Array {
    return (this.boxIntensities ??= this.copyBox(this.region.intensities, this.buf.intensities, this.buf.views.intensities));
  }

  get morphMask(): Uint8Array {
    return (this.boxMorphMask ??= this.copyBox(this.region.morphMask, this.buf.morphMask, this.buf.views.morphMask));
  }

  get ivh(): IvhInput {
    const { discretisation, range } = this.region.ivh;
    return ivhInput(this.roiValues, discretisation, range);
  }

  /** The region's `from` over the kernel's box, in box order, into the front of `to`. */
  private copyBox<T extends Float64Array | Uint8Array>(from: T, to: T, views: (T | undefined)[]): T {
    const [nx, ny] = this.region.shape;
    const [bx, by, bz] = this.boxShape;
    const out = viewOf(to, views, bx * by * bz);
    for (let z = 0, j = 0; z < bz; z++)
      for (let y = 0; y < by; y++)
        for (let x = 0, i = this.x0 + nx * (this.y0 + y + ny * (this.z0 + z)); x < bx; x++, i++, j++) out[j] = from[i];
    return out;
  }
}
