import type { Vec3 } from '../image/volume.js';

/**
 * PyRadiomics' Maximum2DDiameterSlice, -Column and -Row (src/cshape.c calculate_meshDiameter; not IBSI
 * features): the largest distance between two marching-cubes mesh vertices with the same z (slice), the
 * same y (column) or the same x (row) coordinate. `points2` holds every vertex (one per grid edge between
 * an ROI and a background voxel, not thinned) in doubled index coordinates, x, y, z interleaved, so
 * "same coordinate" is an exact integer comparison; distances in mm (half the spacing per unit).
 * Returns [slice, column, row]; 0 for no pair.
 */
export function planeDiameters(points2: Int32Array, spacing: Vec3): [number, number, number] {
  const half = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const count = points2.length / 3;
  const out: [number, number, number] = [0, 0, 0];
  // Slice: planes of equal z (axis 2); column: equal y (axis 1); row: equal x (axis 0).
  ([2, 1, 0] as const).forEach((axis, slot) => {
    const order = Array.from({ length: count }, (_, i) => i).sort((i, j) => points2[3 * i + axis] - points2[3 * j + axis] || i - j);
    const [u, v] = axis === 2 ? [0, 1] : axis === 1 ? [0, 2] : [1, 2];
    let best = 0;
    for (let start = 0; start < count; ) {
      let end = start + 1;
      while (end < count && points2[3 * order[end] + axis] === points2[3 * order[start] + axis]) end++;
      for (let a = start; a < end; a++) {
        const pa = 3 * order[a];
        for (let b = a + 1; b < end; b++) {
          const pb = 3 * order[b];
          const du = (points2[pa + u] - points2[pb + u]) * half[u];
          const dv = (points2[pa + v] - points2[pb + v]) * half[v];
          const d = du * du + dv * dv;
          if (d > best) best = d;
        }
      }
      start = end;
    }
    out[slot] = Math.sqrt(best);
  });
  return out;
}

/**
 * PyRadiomics' axis length (shape.py): 4 sqrt(lambda_N), lambda_N an eigenvalue of the coordinate
 * covariance divided by N, from the IBSI one divided by N - 1: lambda_N = lambda (N - 1) / N.
 */
export function populationAxisLength(lambda: number, n: number): number {
  return 4 * Math.sqrt((lambda * (n - 1)) / n);
}
