/**
 * Eigen-decomposition of a symmetric 3 x 3 matrix by cyclic Jacobi rotations (Golub & Van Loan,
 * Matrix Computations, section 8.5): each rotation zeroes one off-diagonal element; sweeps repeat until
 * the off-diagonal mass is below eps^2 of the total. Deterministic (fixed sweep order), no allocation
 * beyond the result; converges quadratically, in practice in 4-6 sweeps.
 */

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  readonly values: [number, number, number];
  /** Unit eigenvectors, vectors[k] belongs to values[k]. */
  readonly vectors: [[number, number, number], [number, number, number], [number, number, number]];
}

/**
 * Eigenvalues (descending) and eigenvectors of the symmetric matrix
 * [[a00, a01, a02], [a01, a11, a12], [a02, a12, a22]].
 */
export function symmetricEigen3(a00: number, a01: number, a02: number, a11: number, a12: number, a22: number): SymmetricEigen {
  const a = [
    [a00, a01, a02],
    [a01, a11, a12],
    [a02, a12, a22],
  ];
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const total = a00 * a00 + a11 * a11 + a22 * a22 + 2 * (a01 * a01 + a02 * a02 + a12 * a12);
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
    if (off <= 1e-32 * total || off === 0) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const apq = a[p][q];
      if (apq === 0) continue;
      // Rotation angle: theta = (a_qq - a_pp) / (2 a_pq), t = sign(theta) / (|theta| + sqrt(theta^2 + 1)).
      const theta = (a[q][q] - a[p][p]) / (2 * apq);
      const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p];
        const akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k];
        const aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
      }
      a[p][q] = 0;
      a[q][p] = 0;
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p];
        const vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[j][j] - a[i][i] || i - j);
  const values = order.map((i) => a[i][i]) as [number, number, number];
  const vectors = order.map((i) => [v[0][i], v[1][i], v[2][i]]) as SymmetricEigen['vectors'];
  return { values, vectors };
}
