import type { Volume } from '../../image/volume.js';
import type { FilterDims } from './grid.js';
import { float64Voxels, responseVolume } from './grid.js';

export interface GradientFilterOptions {
  /** Divide each axis' derivative by the voxel spacing along it (PyRadiomics' gradientUseSpacing, default true). */
  readonly useSpacing: boolean;
  /** 3D: x, y and z derivatives; 2D: x and y only (within each slice). */
  readonly dims: FilterDims;
}

/**
 * PyRadiomics' Gradient image type: SimpleITK's GradientMagnitudeImageFilter (ITK
 * itkGradientMagnitudeImageFilter.hxx). Per axis a the first-derivative operator of ITK's
 * DerivativeOperator (order 1: coefficients [1/2, 0, -1/2], scaled by 1 / spacing[a] with useSpacing) is
 * applied as an inner product over the 3-voxel neighbourhood, g_a = (x[i-1] - x[i+1]) / (2 s_a), and
 * |grad| = sqrt(sum_a g_a^2). At the image edges the neighbourhood reads ITK's
 * ZeroFluxNeumannBoundaryCondition: the edge voxel repeats, so g_a = (x[0] - x[1]) / (2 s_a) on the
 * first voxel. The image direction is not used (ITK uses spacing only). The magnitude is rounded to float32,
 * SimpleITK's output type for this filter.
 */
export function gradientMagnitudeFilter(image: Volume, o: GradientFilterOptions): Volume<Float64Array> {
  const [nx, ny, nz] = image.shape;
  const x = float64Voxels(image);
  const out = new Float64Array(x.length);
  const axes = o.dims === '3D' ? 3 : 2;
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  // ITK scales the operator's coefficients by 1 / spacing: 0.5 * (1 / s), as it rounds.
  const c = [0, 1, 2].map((a) => 0.5 * (o.useSpacing ? 1 / image.spacing[a] : 1));
  for (let k = 0, i = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let h = 0; h < nx; h++, i++) {
        const at = [h, j, k];
        let sum = 0;
        for (let a = 0; a < axes; a++) {
          const s = strides[a];
          const before = at[a] > 0 ? x[i - s] : x[i];
          const after = at[a] < sizes[a] - 1 ? x[i + s] : x[i];
          const g = c[a] * before - c[a] * after;
          sum += g * g;
        }
        out[i] = Math.fround(Math.sqrt(sum));
      }
  return responseVolume(image, out);
}
