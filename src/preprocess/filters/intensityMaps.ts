import type { Volume } from '../../image/volume.js';
import { float64Voxels, responseVolume } from './grid.js';

/**
 * PyRadiomics' point-wise image types (radiomics/imageoperations.py getSquareImage, getSquareRootImage,
 * getLogarithmImage, getExponentialImage; not IBSI 2 filters), each rescaled by m = max |x| over the
 * whole image it is given, as PyRadiomics does:
 * - square:      f(x) = (x / sqrt(m))^2
 * - squareRoot:  f(x) = sign(x) sqrt(|x| m)
 * - logarithm:   g(x) = sign(x) log(|x| + 1), then f = g m / max |g|
 * - exponential: f(x) = exp(c x), c = log(m) / m
 * An all-zero image (m = 0) maps to zeros (exponential: ones) instead of PyRadiomics' NaN.
 */
export const INTENSITY_MAPS = ['square', 'squareRoot', 'logarithm', 'exponential'] as const;
export type IntensityMap = (typeof INTENSITY_MAPS)[number];

export function intensityMapFilter(image: Volume, map: IntensityMap): Volume<Float64Array> {
  const x = float64Voxels(image);
  const m = maxAbs(x);
  const out = new Float64Array(x.length);
  if (m === 0) {
    if (map === 'exponential') out.fill(1);
    return responseVolume(image, out);
  }
  switch (map) {
    case 'square': {
      const c = 1 / Math.sqrt(m);
      for (let i = 0; i < x.length; i++) out[i] = (c * x[i]) ** 2;
      break;
    }
    case 'squareRoot':
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? Math.sqrt(x[i] * m) : x[i] < 0 ? -Math.sqrt(-x[i] * m) : x[i];
      break;
    case 'logarithm': {
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? Math.log(x[i] + 1) : x[i] < 0 ? -Math.log(-(x[i] - 1)) : x[i];
      const scale = m / maxAbs(out);
      for (let i = 0; i < x.length; i++) out[i] *= scale;
      break;
    }
    case 'exponential': {
      const c = Math.log(m) / m;
      for (let i = 0; i < x.length; i++) out[i] = Math.exp(c * x[i]);
      break;
    }
  }
  return responseVolume(image, out);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}
