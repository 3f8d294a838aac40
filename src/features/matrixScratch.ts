/**
 * Working memory of the texture families (GLRLM, GLSZM, GLDZM, NGLDM, NGTDM; and the sort of the
 * intensity statistics of a small ROI, the counts of the intensity histogram), reused from one matrix
 * to the next and, in feature maps, from one kernel to the next: a family computes the statistics of up
 * to 14 matrices per ROI, and a feature map runs it for every kernel, where allocating its arrays
 * (a typed array over 64 bytes costs about 0.5 us: V8 allocates its memory outside the heap) and
 * calling Math.log2 per cell cost more than the sums themselves.
 *
 * Arrays: each named slot is one buffer, grown as needed; int32(slot, n) / float64(slot, n) hand out a
 * zeroed view of its first n entries, valid until the slot is asked for again; int32ToOverwrite /
 * float64ToOverwrite the same view not zeroed, for an array its caller writes in full before reading
 * (a feature map asks for about 120,000 arrays per run, 6 million entries: zeroing one that is then
 * overwritten is a pass for nothing). A computation uses each slot for one array at a time, and keeps no
 * view past its end (values are copied out as numbers).
 *
 * The entropy terms: -sum_k p_k log2 p_k with p_k = c_k / N over the non-zero counts c_k of a matrix.
 * The counts of a small matrix take a few distinct values (mostly 1 to 5, over tens of cells), so the
 * term of each whole count c < ENTROPY_MEMO is computed once and reused: for a whole N below
 * ENTROPY_ROWS, once per N for the scratch's lifetime (a feature map's kernels give the same few hundred
 * N over and over, and Math.log2 costs more than a matrix's sums), else once per matrix. It is the same
 * expression (p = c / N, then p * log2(p)), so the entropy has the same bits as computed cell by cell.
 */

/** Whole counts below this get their p and p log2 p computed once (per N, or per matrix). */
const ENTROPY_MEMO = 64;
/** Matrices whose counts sum to a whole N below this keep the terms of N from one matrix to the next (2 x ENTROPY_MEMO float64 per N met). */
const ENTROPY_ROWS = 4096;

/** The Int32 arrays of a texture family's computation, by what they hold. */
export type Int32Slot =
  | 'rankOf'
  | 'levelValues'
  | 'ranks'
  | 'padded'
  | 'labels'
  | 'parent'
  | 'levelOf'
  | 'first'
  | 'zoneLevel'
  | 'zoneSize'
  | 'entryRank'
  | 'entryValue'
  | 'columnIndex'
  | 'columnValues'
  | 'dependences'
  | 'spans'
  | 'distances'
  | 'bucketStarts'
  | 'buckets'
  | 'finiteCounts'
  | 'paddedSteps'
  | 'boxSteps';
/** The Float64 arrays of a texture family's computation. */
export type Float64Slot = 'sorted' | 'sliceVoxels' | 'matrix' | 'merged' | 'sliceMatrix' | 'ngtdmS' | 'ngtdmN' | 'ngtdmCodes' | 'ngtdmSums' | 'ngtdmLevelSums' | 'histogram';

export class MatrixScratch {
  private sums: Float64Array | null = null;
  private readonly int32Slots = new Map<Int32Slot, SlotBuffer<Int32Array>>();
  private readonly float64Slots = new Map<Float64Slot, SlotBuffer<Float64Array>>();

  /** A zeroed view of `length` entries of the Int32 buffer `slot`, valid until `slot` is asked for again. */
  int32(slot: Int32Slot, length: number): Int32Array {
    return zeroedView(this.int32Slots, slot, length, newInt32);
  }

  /** int32(slot, length) without the zeroing: its entries hold anything, for an array the caller writes in full before reading it. */
  int32ToOverwrite(slot: Int32Slot, length: number): Int32Array {
    return slotView(this.int32Slots, slot, length, newInt32);
  }

  /** A zeroed view of `length` entries of the Float64 buffer `slot`, valid until `slot` is asked for again. */
  float64(slot: Float64Slot, length: number): Float64Array {
    return zeroedView(this.float64Slots, slot, length, newFloat64);
  }

  /** float64(slot, length) without the zeroing: its entries hold anything, for an array the caller writes in full before reading it. */
  float64ToOverwrite(slot: Float64Slot, length: number): Float64Array {
    return slotView(this.float64Slots, slot, length, newFloat64);
  }

  /**
   * Per whole count c < ENTROPY_MEMO, at 3c: the generation its values belong to, p = c / N, p log2 p,
   * for a matrix whose N has no row (not a whole number below ENTROPY_ROWS).
   */
  private readonly memo = new Float64Array(3 * ENTROPY_MEMO);
  private generation = 0;
  private total = 1;
  /** Per whole N < ENTROPY_ROWS met: at 2c, p = c / N and p log2 p (NaN: not computed yet). */
  private readonly rows: (Float64Array | undefined)[] = [];
  /** The current matrix's row, or null when its N has none. */
  private row: Float64Array | null = null;

  /**
   * An array of at least `capacity` entries whose first `length` are 0 (the rest hold anything); valid
   * until the next call.
   */
  zeros(length: number, capacity = length): Float64Array {
    const size = Math.max(length, capacity);
    if (this.sums === null || this.sums.length < size) this.sums = new Float64Array(Math.max(size, 32, 2 * (this.sums?.length ?? 0)));
    else this.sums.fill(0, 0, length);
    return this.sums;
  }

  /** Starts the entropy terms of a matrix whose counts sum to `total` (N). */
  startMatrix(total: number): void {
    this.total = total;
    if (total < ENTROPY_ROWS && (total | 0) === total) this.row = this.rows[total] ??= new Float64Array(2 * ENTROPY_MEMO).fill(NaN);
    else {
      this.row = null;
      this.generation++;
    }
  }

  /** p = c / N for the count c (> 0) of the current matrix. */
  probability(c: number): number {
    if (c < ENTROPY_MEMO && (c | 0) === c) {
      const row = this.row;
      if (row !== null) {
        const p = row[2 * c];
        if (p === p) return p;
      } else if (this.memo[3 * c] === this.generation) return this.memo[3 * c + 1];
    }
    this.compute(c);
    return this.computed[0];
  }

  /** p log2 p, p = c / N, for the count c (> 0) of the current matrix. */
  entropyTerm(c: number): number {
    // Small, so that V8 inlines it into the loops over the cells; the first use of a count goes to compute.
    if (c < ENTROPY_MEMO && (c | 0) === c) {
      const row = this.row;
      if (row !== null) {
        const term = row[2 * c + 1];
        if (term === term) return term;
      } else if (this.memo[3 * c] === this.generation) return this.memo[3 * c + 2];
    }
    this.compute(c);
    return this.computed[1];
  }

  /**
   * p and p log2 p of count c to computed[0] and computed[1], kept (in the row of N, or for the current
   * matrix) when c is a small whole number. Written to an array, not returned: where a look-up and a
   * returned number met in a caller's loop, V8 kept each result as a heap number (glrlmStatsInto's
   * entropy: about one per non-zero cell, 13 matrices per kernel of a feature map).
   */
  private compute(c: number): void {
    const p = c / this.total;
    const term = p * Math.log2(p);
    if (c < ENTROPY_MEMO && (c | 0) === c) {
      const row = this.row;
      if (row !== null) {
        row[2 * c] = p;
        row[2 * c + 1] = term;
      } else {
        const at = 3 * c;
        this.memo[at] = this.generation;
        this.memo[at + 1] = p;
        this.memo[at + 2] = term;
      }
    }
    this.computed[0] = p;
    this.computed[1] = term;
  }
  /** compute's p and p log2 p. */
  private readonly computed = new Float64Array(2);
}

/** Views of a slot's buffer below this length are kept, one per length, and handed out again. */
const KEPT_VIEWS = 4096;

/**
 * A slot's buffer, and the views of its first n entries handed out so far (n < KEPT_VIEWS): a feature map's
 * kernels ask for a few hundred lengths (the ROI-sized arrays of the zone families, the matrix of N_g x
 * columns cells) in every order, and a new view (a subarray: a heap object over the buffer) costs more
 * than zeroing a small one.
 */
interface SlotBuffer<T> {
  readonly buffer: T;
  readonly views: (T | undefined)[];
}

const newInt32 = (n: number): Int32Array => new Int32Array(n);
const newFloat64 = (n: number): Float64Array => new Float64Array(n);

/** The zeroed view of `length` entries of a slot's buffer (slotView, filled with 0). */
function zeroedView<S, T extends Int32Array | Float64Array>(slots: Map<S, SlotBuffer<T>>, slot: S, length: number, make: (n: number) => T): T {
  return slotView(slots, slot, length, make).fill(0) as T;
}

/** The view of `length` entries of a slot's buffer, as they are: a kept view, a new view of the buffer, or one of a new buffer (doubled, at least 16). */
function slotView<S, T extends Int32Array | Float64Array>(slots: Map<S, SlotBuffer<T>>, slot: S, length: number, make: (n: number) => T): T {
  let b = slots.get(slot);
  if (b === undefined || b.buffer.length < length) {
    b = { buffer: make(Math.max(length, 2 * (b?.buffer.length ?? 0), 16)), views: [] };
    slots.set(slot, b);
  }
  if (length >= KEPT_VIEWS) return b.buffer.subarray(0, length) as T;
  const kept = b.views[length];
  if (kept !== undefined) return kept;
  const view = b.buffer.subarray(0, length) as T;
  b.views[length] = view;
  return view;
}
