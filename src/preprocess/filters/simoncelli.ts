import { RadiomicsError } from '../../errors.js';
import type { Volume } from '../../image/volume.js';
import { nextSmooth } from '../../util/fft.js';
import { boundaryIndex, type BoundaryMode } from './boundary.js';
import { fftAxes, normalisedFrequencies } from './fftnd.js';
import { float64Voxels, responseVolume, type FilterDims } from './grid.js';
import { checkRieszOrder, multiplyComplex, rieszTransfer, type RieszOrder } from './riesz.js';

export interface SimoncelliFilterOptions {
  /** Decomposition level j >= 1 (band-pass at 1/2^(j-1) of the highest frequency). */
  readonly level: number;
  readonly boundary: BoundaryMode;
  readonly dims: FilterDims;
  /** Riesz order [lx, ly, lz] applied to the wavelet (IBSI 2 test 10.b.1), or null. */
  readonly riesz?: RieszOrder | null;
}

/**
 * Non-separable isotropic Simoncelli wavelet (IBSI 2 manual, "Non-separable wavelets"; Portilla &
 * Simoncelli 2000), defined in the Fourier domain:
 *   H(rho) = cos(pi/2 log2(2 rho / rho_max))  for rho_max/4 <= rho <= rho_max, else 0,  rho_max = 2^(1-j),
 * with rho the frequency radius on a grid normalised per axis as MIRP does it: centred index (k - c)/c,
 * c = (N - 1)/2, moved to FFT order by an inverse FFT shift. The response is the real part of
 * IFFT(FFT(image) H). Filtering in the Fourier domain is periodic: for 'wrap' (IBSI 2 tests 8.a) the
 * image is used as it is; for other boundary conditions each filtered axis is first extended by half
 * its length with that condition and cropped afterwards (a choice of this library; MIRP ignores the
 * boundary condition here).
 */
export function simoncelliFilter(image: Volume, o: SimoncelliFilterOptions): Volume<Float64Array> {
  if (!Number.isInteger(o.level) || o.level < 1) throw new RadiomicsError('InvalidArgument', `Simoncelli level must be a positive integer, got ${o.level}`, { level: o.level });
  const input = float64Voxels(image);
  const [nx, ny, nz] = image.shape;
  const axes = o.dims === '3D' ? [0, 1, 2] : [0, 1];
  // Extension for non-periodic boundaries: at least a quarter of the length per side, total rounded up
  // to an FFT-friendly length (factors 2, 3, 5); the image sits at offset pad.
  const P = [0, 1, 2].map((a) => (o.boundary === 'wrap' || !axes.includes(a) ? image.shape[a] : nextSmooth(image.shape[a] + 2 * Math.ceil(image.shape[a] / 4))));
  const pad = [0, 1, 2].map((a) => Math.floor((P[a] - image.shape[a]) / 2));
  const transfer = simoncelliTransfer(axes.map((a) => P[a]), o.level);
  let riesz: { re: Float64Array; im: Float64Array } | null = null;
  if (o.riesz) {
    checkRieszOrder(o.riesz);
    if (o.dims === '2D' && o.riesz[2] !== 0) throw new RadiomicsError('InvalidArgument', 'a 2D Riesz transform has no z order', { order: o.riesz });
    riesz = rieszTransfer(axes.map((a) => P[a]), axes.map((a) => o.riesz![a]));
    for (let k = 0; k < transfer.length; k++) {
      riesz.re[k] *= transfer[k];
      riesz.im[k] *= transfer[k];
    }
  }
  const out = new Float64Array(input.length);
  const planeShape = o.dims === '3D' ? P : [P[0], P[1], 1];
  const slices = o.dims === '3D' ? 1 : nz;
  const ix = Array.from({ length: P[0] }, (_, j) => boundaryIndex(j - pad[0], nx, o.boundary));
  const iy = Array.from({ length: P[1] }, (_, j) => boundaryIndex(j - pad[1], ny, o.boundary));
  const iz = Array.from({ length: planeShape[2] }, (_, j) => boundaryIndex(j - pad[2], nz, o.boundary));
  const size = planeShape[0] * planeShape[1] * planeShape[2];
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let s = 0; s < slices; s++) {
    re.fill(0);
    im.fill(0);
    for (let z = 0, k = 0; z < planeShape[2]; z++) {
      const zi = o.dims === '3D' ? iz[z] : s;
      for (let y = 0; y < P[1]; y++)
        for (let x = 0; x < P[0]; x++, k++) {
          if (zi < 0 || iy[y] < 0 || ix[x] < 0) continue;
          re[k] = input[ix[x] + nx * (iy[y] + ny * zi)];
        }
    }
    fftAxes(re, im, planeShape, axes, false);
    if (riesz) multiplyComplex(re, im, riesz.re, riesz.im);
    else
      for (let k = 0; k < size; k++) {
        re[k] *= transfer[k];
        im[k] *= transfer[k];
      }
    fftAxes(re, im, planeShape, axes, true);
    const zn = o.dims === '3D' ? nz : 1;
    for (let z = 0; z < zn; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const k = x + pad[0] + planeShape[0] * (y + pad[1] + planeShape[1] * (z + pad[2]));
          out[x + nx * (y + ny * (o.dims === '3D' ? z : s))] = re[k];
        }
  }
  return responseVolume(image, out);
}

/** H in FFT order on a grid of the given sizes (first fastest). */
export function simoncelliTransfer(sizes: readonly number[], level: number): Float64Array {
  const rhoMax = 2 ** (1 - level);
  const coords = normalisedFrequencies(sizes);
  const total = sizes.reduce((a, b) => a * b, 1);
  const out = new Float64Array(total);
  const idx = new Array(sizes.length).fill(0);
  for (let k = 0; k < total; k++) {
    let r2 = 0;
    for (let a = 0; a < sizes.length; a++) r2 += coords[a][idx[a]] ** 2;
    const rho = Math.sqrt(r2);
    if (rho >= rhoMax / 4 && rho <= rhoMax) out[k] = Math.cos((Math.PI / 2) * Math.log2((2 * rho) / rhoMax));
    for (let a = 0; a < sizes.length; a++) {
      if (++idx[a] < sizes[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}
