import { RadiomicsError } from '../../errors.js';
import type { Volume } from '../../image/volume.js';
import { float64Voxels, responseVolume } from './grid.js';

/** scikit-image's local_binary_pattern methods (skimage/feature/texture.py). */
export const LBP_METHODS = ['default', 'ror', 'uniform', 'nri_uniform', 'var'] as const;
export type LbpMethod = (typeof LBP_METHODS)[number];

export interface Lbp2dOptions {
  /** P, the number of circularly symmetric neighbours (PyRadiomics lbp2DSamples, default 8). */
  readonly samples: number;
  /** R, the circle radius in voxels (PyRadiomics lbp2DRadius, default 1). */
  readonly radius: number;
  /** PyRadiomics lbp2DMethod, default uniform. */
  readonly method: LbpMethod;
}

/** numpy.round(x, 5): x * 1e5 rounded half to even, / 1e5. */
function round5(x: number): number {
  const y = x * 1e5;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1;
  return r / 1e5;
}

/**
 * PyRadiomics' LBP2D image type (imageoperations.py getLBP2DImage): scikit-image's local_binary_pattern
 * on every axial slice (rows y, columns x; PyRadiomics' default force2Ddimension 0). Neighbour i of
 * (r, c) sits at (r - R sin(2 pi i / P), c + R cos(2 pi i / P)), offsets rounded to 5 decimals,
 * interpolated bilinearly with 0 outside the slice; it counts as 1 when its value minus the centre's is
 * >= 0. Codes: default sum 2^i s_i; ror the smallest of its P bit rotations; uniform the number of ones
 * when the pattern has at most 2 changes between neighbours 0..P-1 (scikit-image does not count the
 * wrap-around pair P-1, 0), else P + 1; nri_uniform scikit-image's index of the uniform pattern
 * (P (P - 1) + 2 for the others); var the population variance of the P samples (NaN when 0, as
 * scikit-image; set to 0 here so that discretisation never meets a NaN). Written from scikit-image's
 * _texture.pyx, not copied. PyRadiomics stores the codes back into the image's array: for an integer
 * image a var code is truncated towards 0, as here.
 */
export function lbp2dFilter(image: Volume, o: Lbp2dOptions): Volume<Float64Array> {
  const P = o.samples;
  if (!Number.isInteger(P) || P < 1 || P > 31) throw new RadiomicsError('InvalidArgument', `LBP samples must be an integer 1-31, got ${P}`, { samples: P });
  if (!(o.radius > 0)) throw new RadiomicsError('InvalidArgument', `LBP radius must be positive, got ${o.radius}`, { radius: o.radius });
  const data = float64Voxels(image);
  const integer = !(image.voxels.data instanceof Float32Array || image.voxels.data instanceof Float64Array);
  const [nx, ny, nz] = image.shape;
  const rp = new Float64Array(P);
  const cp = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    rp[i] = round5(-o.radius * Math.sin((2 * Math.PI * i) / P));
    cp[i] = round5(o.radius * Math.cos((2 * Math.PI * i) / P));
  }
  const out = new Float64Array(data.length);
  const texture = new Float64Array(P);
  const signed = new Uint8Array(P);
  const at = (base: number, r: number, c: number) => (r < 0 || r >= ny || c < 0 || c >= nx ? 0 : data[base + r * nx + c]);
  for (let z = 0; z < nz; z++) {
    const base = z * nx * ny;
    for (let r = 0; r < ny; r++) {
      for (let c = 0; c < nx; c++) {
        const centre = data[base + r * nx + c];
        for (let i = 0; i < P; i++) {
          // scikit-image bilinear_interpolation, mode constant, cval 0.
          const rr = r + rp[i];
          const cc = c + cp[i];
          const minr = Math.floor(rr);
          const minc = Math.floor(cc);
          const maxr = Math.ceil(rr);
          const maxc = Math.ceil(cc);
          const dr = rr - minr;
          const dc = cc - minc;
          const top = (1 - dc) * at(base, minr, minc) + dc * at(base, minr, maxc);
          const bottom = (1 - dc) * at(base, maxr, minc) + dc * at(base, maxr, maxc);
          texture[i] = (1 - dr) * top + dr * bottom;
          signed[i] = texture[i] - centre >= 0 ? 1 : 0;
        }
        let code = lbpCode(o.method, texture, signed, P);
        if (Number.isNaN(code)) code = 0;
        out[base + r * nx + c] = integer ? Math.trunc(code) : code;
      }
    }
  }
  return responseVolume(image, out);
}

function lbpCode(method: LbpMethod, texture: Float64Array, signed: Uint8Array, P: number): number {
  if (method === 'var') {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < P; i++) {
      sum += texture[i];
      sq += texture[i] * texture[i];
    }
    const v = (sq - (sum * sum) / P) / P;
    return v !== 0 ? v : NaN;
  }
  if (method === 'uniform' || method === 'nri_uniform') {
    let changes = 0;
    for (let i = 0; i < P - 1; i++) changes += signed[i] !== signed[i + 1] ? 1 : 0;
    if (method === 'uniform') {
      if (changes > 2) return P + 1;
      let ones = 0;
      for (let i = 0; i < P; i++) ones += signed[i];
      return ones;
    }
    if (changes > 2) return P * (P - 1) + 2;
    let ones = 0;
    let firstOne = -1;
    let firstZero = -1;
    for (let i = 0; i < P; i++) {
      if (signed[i]) {
        ones++;
        if (firstOne === -1) firstOne = i;
      } else if (firstZero === -1) firstZero = i;
    }
    if (ones === 0) return 0;
    if (ones === P) return P * (P - 1) + 1;
    const rot = firstOne === 0 ? ones - firstZero : P - firstOne;
    return 1 + (ones - 1) * P + rot;
  }
  let code = 0;
  for (let i = 0; i < P; i++) code += signed[i] * 2 ** i;
  if (method === 'ror') {
    let best = code;
    let v = code;
    for (let i = 1; i < P; i++) {
      v = (v >>> 1) | ((v & 1) << (P - 1));
      if (v < best) best = v;
    }
    return best;
  }
  return code;
}
