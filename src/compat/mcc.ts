import { largestMagnitudeExceptTop, tridiagonalEigenvalue, tridiagonalisePacked } from '../util/tridiagonalEigenvalue.js';

/**
 * PyRadiomics' maximal correlation coefficient of one GLCM (glcm.py getMCCFeatureValue; not an IBSI
 * feature): MCC = sqrt(lambda_2), lambda_2 the second largest eigenvalue of
 * Q(i, j) = sum_k p(i, k) p(j, k) / (p_x(i) p_y(k)), over the grey levels present in the ROI (the matrix
 * `counts`, n x n, row i = first voxel of the pair).
 *
 * Q = D_x^-1 P D_y^-1 P^T is similar to the symmetric positive semi-definite S = G G^T with
 * G(i, k) = p(i, k) / sqrt(p_x(i) p_y(k)) = c(i, k) / sqrt(r_i s_k) (counts c, row sums r, column sums s:
 * the total cancels, so G is one rounding of integers), whose largest eigenvalue is 1 (eigenvector
 * sqrt(p_x)). A level absent along this direction (p_x(i) = 0) gives a zero row of Q and an eigenvalue 0
 * (PyRadiomics adds eps = 2.2e-16 to the denominator to get the same 0), so S is built on the m levels
 * with p_x > 0 only (a GLCM of a small kernel has few); with m = 1 the eigenvalues are 1 and zeros, so
 * MCC = 0. A matrix of one grey level gives 1, as PyRadiomics returns.
 *
 * When the grey levels split into groups that never meet along this direction (or a group's pairs are
 * bipartite), MCC is exactly 1 and no eigenvalue is computed (see `connected`): a third of the GLCMs of
 * a 5^3 kernel. Otherwise the eigenvalues: Householder reduction to a tridiagonal matrix, then for each
 * of the one or two eigenvalues needed Laguerre's iteration on the characteristic polynomial, steered by
 * its Sturm counts (util/tridiagonalEigenvalue.ts), O(2 m^3 / 3 + 3 m x ~6 passes),
 * in place of cyclic Jacobi for every eigenvalue of S (O(n^3) per sweep, about ten sweeps) and then of
 * bisection to the last bit (~55 passes per eigenvalue); feature maps run this 13 times per kernel, with
 * working arrays kept between calls. test/compat/mcc.exact.test.ts measures all three against the exact
 * value (rational arithmetic).
 *
 * A symmetric GLCM (every IBSI GLCM, and PyRadiomics' default) takes symmetricGlcmMcc's path; glcmStats
 * calls that directly with the row sums and non-zero cells it has made.
 */
export function maximalCorrelationCoefficient(counts: ArrayLike<number>, n: number): number {
  if (n < 2) return 1;
  const buffers = scratch(n);
  const rows = buffers.rows;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < n; k++) r += counts[i * n + k];
    rows[i] = r;
  }
  if (isSymmetric(counts, n)) {
    // G's lower triangle is all the symmetric path reads: its non-zero cells, row by row.
    const cells = buffers.cells;
    let count = 0;
    for (let i = 0; i < n; i++) for (let k = 0, ik = i * n; k <= i; k++, ik++) if (counts[ik] !== 0) cells[count++] = ik;
    return symmetricGlcmMcc(counts, n, rows, cells, count);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += rows[i];
  if (total === 0) return NaN;
  const cols = buffers.cols.fill(0, 0, n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) cols[k] += counts[i * n + k];
  const rowIndex = buffers.rowIndex;
  const m = presentIndices(rows, n, rowIndex);
  if (m < 2) return 0;
  const colIndex = buffers.colIndex;
  const w = presentIndices(cols, n, colIndex);
  if (!connected(counts, n, rowIndex, m, colIndex, w, buffers)) return 1;
  // G (m x w), row-major.
  const g = buffers.g;
  for (let a = 0; a < m; a++) {
    const i = rowIndex[a];
    for (let b = 0; b < w; b++) {
      const k = colIndex[b];
      const c = counts[i * n + k];
      g[a * w + b] = c !== 0 ? c / Math.sqrt(rows[i] * cols[k]) : 0;
    }
  }
  // S = G G^T (m x m, symmetric): its lower triangle, packed row by row (tridiagonalisePacked).
  const s = buffers.s;
  for (let a = 0, ab = 0; a < m; a++) {
    for (let b = 0; b <= a; b++, ab++) {
      let sum = 0;
      for (let k = 0, ka = a * w, kb = b * w; k < w; k++, ka++, kb++) sum += g[ka] * g[kb];
      s[ab] = sum;
    }
  }
  const lambda2 = tridiagonalEigenvalue(tridiagonalisePacked(s, m, buffers.tridiagonal), m, m - 2);
  // Rounding can leave the root's argument a hair below 0 (a true eigenvalue 0).
  return Math.sqrt(Math.max(0, lambda2));
}

/**
 * maximalCorrelationCoefficient(counts, n) of a GLCM symmetric by construction, from what glcmStats has
 * made: its row sums and its non-zero cells `cells[0 .. count - 1]` (flat indices i n + k, row-major).
 * The same result, without a pass over every cell.
 */
export function symmetricGlcmMcc(counts: ArrayLike<number>, n: number, rowSums: ArrayLike<number>, cells: Int32Array, count: number): number {
  if (n < 2) return 1;
  const buffers = scratch(n);
  const m = presentIndices(rowSums, n, buffers.rowIndex);
  // No positive row sum (counts are >= 0): an empty matrix, total 0.
  if (m === 0) return NaN;
  if (m < 2) return 0;
  return symmetricMcc(counts, n, rowSums, m, cells, count, buffers);
}

/**
 * MCC of a symmetric GLCM from its non-zero cells: `cells[0 .. count - 1]`, flat indices i n + k in
 * row-major order (of the whole matrix or of its lower triangle: cells with k > i are passed over),
 * `rows` its row sums, with m >= 2 rows non-zero (their indices in buffers.rowIndex). A symmetric GLCM
 * (every IBSI GLCM) gives a symmetric G, and S = G^2: the eigenvalues of S are the squares of G's,
 * mu_1 = 1 >= mu_2 >= ... >= mu_m >= -1, so lambda_2(S) = max(mu_2^2, mu_m^2) and MCC = max(|mu_2|, |mu_m|),
 * read off G itself: no product, no square root, an absolute error of a few eps in MCC rather than in
 * MCC^2 (which, through the root, is eps / MCC in MCC). A first pass over the non-zero cells makes the
 * grey-level graph (levels joined by their pairs): split, or a part of it bipartite (no self-pair, no odd
 * cycle), it splits the row-column graph (see `connected`), and MCC is 1 (a third of a kernel's GLCMs;
 * connectedNonBipartiteByWalks, or ByUnionFind above 32 levels). Otherwise a second pass builds the
 * lower triangle of G, all the reduction reads, packed (row a at a (a + 1) / 2: tridiagonalisePacked).
 * Only the non-zero cells are visited (a kernel's GLCM: about a sixth), in the order of a row-major walk of
 * the lower triangle.
 * Of mu_m and mu_2, the smallest eigenvalue is computed first: when it is the larger in magnitude (58 % of
 * brain1's kernel GLCMs) one Sturm count shows it, and mu_2 is not computed (largestMagnitudeExceptTop).
 */
function symmetricMcc(counts: ArrayLike<number>, n: number, rows: ArrayLike<number>, m: number, cells: Int32Array, count: number, buffers: Scratch): number {
  const rowIndex = buffers.rowIndex;
  // A cell's row i = floor(ik / n) as floor((ik + 1/2) (1/n)): (ik + 1/2) / n lies at least 1/(2n) from a
  // whole number, and the product's rounding moves it by less than ik 2^-52 / n (n^2 < 2^51), so the
  // truncation is exact (no division per cell, and no branch on the row ends: they mispredict).
  const inverseN = 1 / n;
  if (n <= 32 ? !connectedNonBipartiteByWalks(n, cells, count, inverseN, rowIndex, m, buffers.adjacency) : !connectedNonBipartiteByUnionFind(n, cells, count, rowIndex, m, buffers)) return 1;
  // G, only now that its eigenvalues are needed (a third of a kernel's GLCMs stopped above).
  // The rank among the non-zero rows of each row index (m = n: the index itself).
  const rank = buffers.rank;
  for (let a = 0; a < m; a++) rank[rowIndex[a]] = a;
  const g = buffers.g;
  g.fill(0, 0, (m * (m + 1)) >> 1);
  for (let q = 0; q < count; q++) {
    const ik = cells[q];
    const i = ((ik + 0.5) * inverseN) | 0;
    const k = ik - i * n;
    if (k > i) continue;
    const a = rank[i];
    // rank[k] <= a: the ranks keep the order of the levels.
    g[((a * (a + 1)) >> 1) + rank[k]] = counts[ik] / Math.sqrt(rows[i] * rows[k]);
  }
  return largestMagnitudeExceptTop(tridiagonalisePacked(g, m, buffers.tridiagonal), m);
}

/**
 * Whether the grey-level graph of a symmetric GLCM (levels joined by their non-zero cells, a diagonal cell
 * a loop) is connected and not bipartite, for n <= 32 levels, a level's neighbours as the bits of one word:
 * then, and only then, every present level is reached from the first by a walk of even length (a walk can
 * go back and forth along an edge; of a bipartite graph, even walks stay in one colour; an odd cycle lets
 * them change). The levels reached by even and by odd walks grow from those last added to the other set
 * (each level added to each set once: at most 2 m look-ups of neighbour words). No branch per cell, where
 * the union-find took a few unpredictable ones (its find loops: about two thirds of symmetricMcc's own
 * time on brain1's kernel GLCMs; the glcm maps 0.94 of their CPU time with this instead).
 */
function connectedNonBipartiteByWalks(n: number, cells: Int32Array, count: number, inverseN: number, rowIndex: Int32Array, m: number, adjacency: Int32Array): boolean {
  adjacency.fill(0, 0, n);
  for (let q = 0; q < count; q++) {
    const ik = cells[q];
    const i = ((ik + 0.5) * inverseN) | 0;
    const k = ik - i * n;
    adjacency[i] |= 1 << k;
    adjacency[k] |= 1 << i;
  }
  let present = 0;
  for (let a = 0; a < m; a++) present |= 1 << rowIndex[a];
  let even = 1 << rowIndex[0];
  let odd = 0;
  let newEven = even;
  let newOdd = 0;
  while ((newEven | newOdd) !== 0) {
    let reachedOdd = 0;
    for (let set = newEven; set !== 0; set &= set - 1) reachedOdd |= adjacency[31 - Math.clz32(set & -set)];
    let reachedEven = 0;
    for (let set = newOdd; set !== 0; set &= set - 1) reachedEven |= adjacency[31 - Math.clz32(set & -set)];
    newOdd = reachedOdd & ~odd;
    newEven = reachedEven & ~even;
    odd |= newOdd;
    even |= newEven;
  }
  return even === present;
}

/**
 * connectedNonBipartiteByWalks for any n: a union-find with parities (a level's colour relative to its
 * parent) over the cells' levels, by rank among the m present rows; a cell on the diagonal, or one joining
 * two levels of one colour, closes an odd cycle.
 */
function connectedNonBipartiteByUnionFind(n: number, cells: Int32Array, count: number, rowIndex: Int32Array, m: number, buffers: Scratch): boolean {
  const parent = buffers.parent;
  const parity = buffers.parity;
  const rank = buffers.rank;
  for (let a = 0; a < m; a++) {
    parent[a] = a;
    parity[a] = 0;
    rank[rowIndex[a]] = a;
  }
  let components = m;
  let oddCycle = false;
  // The cells' rows followed as their ascending flat indices pass row ends (no division per cell).
  for (let q = 0, i = 0, rowStart = 0; q < count; q++) {
    const ik = cells[q];
    while (ik >= rowStart + n) {
      i++;
      rowStart += n;
    }
    const k = ik - rowStart;
    if (k > i) continue;
    const a = rank[i];
    const b = rank[k];
    if (b === a) {
      oddCycle = true;
      continue;
    }
    let x = a;
    let colourA = 0;
    while (parent[x] !== x) {
      colourA ^= parity[x];
      x = parent[x];
    }
    let y = b;
    let colourB = 0;
    while (parent[y] !== y) {
      colourB ^= parity[y];
      y = parent[y];
    }
    if (x !== y) {
      // a and b get different colours.
      parent[x] = y;
      parity[x] = colourA ^ colourB ^ 1;
      components--;
    } else if (colourA === colourB) oddCycle = true;
  }
  return components === 1 && oddCycle;
}

/**
 * Whether the bipartite graph of the present rows and columns, row i joined to column k when
 * c(i, k) > 0, is connected. S = G G^T is the matrix of a random walk row -> column -> row (up to the
 * similarity D^1/2), and the multiplicity of its eigenvalue 1 is the number of connected components of
 * that graph (Perron-Frobenius, per component): two or more give lambda_2 = 1 and MCC = 1 exactly, with
 * no eigenvalue problem. For a symmetric GLCM the graph is the double cover of the grey-level graph, split
 * when the levels fall into groups that never meet along this direction, or when a group is bipartite
 * (G has the eigenvalue -1): a third of a small kernel's GLCMs (feature maps); the symmetric path tests
 * that on the grey-level graph itself before it builds G. Here (an asymmetric GLCM): union-find on rows
 * 0..m-1 and columns m..m+w-1.
 */
function connected(counts: ArrayLike<number>, n: number, rowIndex: Int32Array, m: number, colIndex: Int32Array, w: number, buffers: Scratch): boolean {
  const parent = buffers.parent;
  for (let a = 0; a < m + w; a++) parent[a] = a;
  let components = m + w;
  for (let a = 0; a < m; a++) {
    const row = rowIndex[a] * n;
    for (let b = 0; b < w; b++) {
      if (counts[row + colIndex[b]] === 0) continue;
      let x = a;
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      let y = m + b;
      while (parent[y] !== y) y = parent[y] = parent[parent[y]];
      if (x === y) continue;
      parent[x] = y;
      if (--components === 1) return true;
    }
  }
  return components === 1;
}

/** Working arrays of maximalCorrelationCoefficient, kept between calls (feature maps make 13 per kernel) and grown as needed. */
interface Scratch {
  readonly size: number;
  readonly rows: Float64Array;
  readonly cols: Float64Array;
  readonly rowIndex: Int32Array;
  readonly colIndex: Int32Array;
  readonly parent: Int32Array;
  readonly parity: Uint8Array;
  readonly rank: Int32Array;
  /** symmetricMcc's grey-level graph (n <= 32): the neighbours of level i as the bits of word i. */
  readonly adjacency: Int32Array;
  readonly cells: Int32Array;
  readonly g: Float64Array;
  readonly s: Float64Array;
  readonly tridiagonal: Float64Array;
}

let kept: Scratch | null = null;

function scratch(n: number): Scratch {
  if (kept === null || kept.size < n) {
    kept = {
      size: n,
      rows: new Float64Array(n),
      cols: new Float64Array(n),
      rowIndex: new Int32Array(n),
      colIndex: new Int32Array(n),
      parent: new Int32Array(2 * n),
      parity: new Uint8Array(n),
      rank: new Int32Array(n),
      adjacency: new Int32Array(n),
      cells: new Int32Array(n * n),
      g: new Float64Array(n * n),
      s: new Float64Array((n * (n + 1)) >> 1),
      tridiagonal: new Float64Array(2 * n),
    };
  }
  return kept;
}

/** Writes the indices of the positive entries of sums[0..n-1] to `out`; returns their number. */
function presentIndices(sums: ArrayLike<number>, n: number, out: Int32Array): number {
  // Without a branch on the sum (absent levels come at random: it mispredicts); out[m] is overwritten
  // until a positive sum keeps it (out has n elements, m < n while i < n).
  let m = 0;
  for (let i = 0; i < n; i++) {
    out[m] = i;
    m += +(sums[i] > 0);
  }
  return m;
}

function isSymmetric(counts: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) if (counts[i * n + k] !== counts[k * n + i]) return false;
  return true;
}
