/**
 * Working memory for the statistics of texture matrices (GLRLM, GLSZM, GLDZM, NGLDM, NGTDM), reused
 * from one matrix to the next: a family computes the statistics of up to 14 matrices per ROI, and a
 * feature map does so for every kernel, where allocating the marginal sums per matrix and calling
 * Math.log2 per cell cost more than the sums themselves.
 *
 * The entropy terms: -sum_k p_k log2 p_k with p_k = c_k / N over the non-zero counts c_k of a matrix.
 * The counts of a small matrix take a few distinct values (mostly 1 to 5, over tens of cells), so the
 * term of each whole count c < ENTROPY_MEMO is computed once per matrix and reused. It is the same
 * expression (p = c / N, then p * log2(p)), so the entropy has the same bits as computed cell by cell.
 */

/** Whole counts below this get their p and p log2 p computed once per matrix. */
const ENTROPY_MEMO = 64;

export class MatrixScratch {
  private sums: Float64Array | null = null;
  /**
   * Per whole count c < ENTROPY_MEMO, at 3c: the generation its values belong to, p = c / N, p log2 p
   * (one array: a family makes a scratch per call, so per kernel of a feature map).
   */
  private readonly memo = new Float64Array(3 * ENTROPY_MEMO);
  private generation = 0;
  private total = 1;

  /** An array of at least `length` entries whose first `length` are 0; valid until the next call. */
  zeros(length: number): Float64Array {
    if (this.sums === null || this.sums.length < length) this.sums = new Float64Array(Math.max(length, 32, 2 * (this.sums?.length ?? 0)));
    else this.sums.fill(0, 0, length);
    return this.sums;
  }

  /** Starts the entropy terms of a matrix whose counts sum to `total` (N). */
  startMatrix(total: number): void {
    this.total = total;
    this.generation++;
  }

  /** p = c / N for the count c (> 0) of the current matrix. */
  probability(c: number): number {
    if (c < ENTROPY_MEMO && (c | 0) === c) return this.memo[this.filled(c) + 1];
    return c / this.total;
  }

  /** p log2 p, p = c / N, for the count c (> 0) of the current matrix. */
  entropyTerm(c: number): number {
    if (c < ENTROPY_MEMO && (c | 0) === c) return this.memo[this.filled(c) + 2];
    const p = c / this.total;
    return p * Math.log2(p);
  }

  /** 3c, after computing p and p log2 p of count c for the current matrix if not done yet. */
  private filled(c: number): number {
    const at = 3 * c;
    if (this.memo[at] !== this.generation) {
      const p = c / this.total;
      this.memo[at] = this.generation;
      this.memo[at + 1] = p;
      this.memo[at + 2] = p * Math.log2(p);
    }
    return at;
  }
}
