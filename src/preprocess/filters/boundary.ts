/**
 * Boundary conditions for convolutional filters (IBSI 2 manual, arXiv 2006.05470, "Boundary conditions"),
 * named and defined as scipy.ndimage names them, which is what the IBSI 2 reference implementations
 * (e.g. MIRP) call. For a row a b c d:
 *   constant  0 0 0 | a b c d | 0 0 0     (IBSI "zero padding")
 *   nearest   a a a | a b c d | d d d     (IBSI "nearest value padding")
 *   wrap      b c d | a b c d | a b c     (IBSI "periodic padding")
 *   reflect   c b a | a b c d | d c b     (IBSI "mirror padding": half-sample symmetric, the edge voxel repeats)
 *   mirror    d c b | a b c d | c b a     (whole-sample symmetric; not an IBSI 2 option, offered for scipy parity)
 * IBSI 2's "mirror" is scipy's 'reflect': the reference maps of tests 1.a.4, 2.b, 3.b and 7.a are
 * reproduced with the half-sample extension only (checked in test/preprocess/filters).
 */
export const BOUNDARY_MODES = ['constant', 'nearest', 'wrap', 'reflect', 'mirror'] as const;
export type BoundaryMode = (typeof BOUNDARY_MODES)[number];

/** The in-range index that stands for index i of a row of length n, or -1 for a zero (constant mode). */
export function boundaryIndex(i: number, n: number, mode: BoundaryMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      const p = 2 * n;
      const m = ((i % p) + p) % p;
      return m < n ? m : p - 1 - m;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const m = ((i % p) + p) % p;
      return m < n ? m : p - m;
    }
  }
}

/** Copies row `src` (length n, read with `stride` from `offset`) into `out` extended by `left` and `right` voxels. */
export function extendRow(src: ArrayLike<number>, offset: number, stride: number, n: number, left: number, right: number, mode: BoundaryMode, out: Float64Array): void {
  for (let j = 0; j < n; j++) out[left + j] = src[offset + j * stride];
  for (let j = 0; j < left; j++) {
    const k = boundaryIndex(j - left, n, mode);
    out[j] = k < 0 ? 0 : src[offset + k * stride];
  }
  for (let j = 0; j < right; j++) {
    const k = boundaryIndex(n + j, n, mode);
    out[left + n + j] = k < 0 ? 0 : src[offset + k * stride];
  }
}
