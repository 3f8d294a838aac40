/**
 * Rotation invariance for separable filters (IBSI 2 manual, "Rotation invariance"): the response is
 * pooled over the right-angle rotations of the kernel, 24 in 3D and 4 in 2D. A right-angle rotation of
 * a separable kernel (gx, gy, gz) permutes its 1D factors between axes and reverses some of them (J
 * flips a kernel). The tables list, for each rotation, which factor lands on the x, y and z axes and
 * whether it is reversed; they are the right-handed rotations in the order MIRP lists them
 * (mirp/_imagefilters/utilities.py, SeparableFilterSet.permute_filters).
 *
 * Duplicates: when two factors are equal, or a factor is symmetric, some rotations give the same
 * kernel. Max pooling does not care; mean pooling does, and the IBSI 2 reference maps (5.a.2, 6.a.2,
 * 7.a) were made by averaging over the DISTINCT kernels only, so kernels are deduplicated the way MIRP
 * does: by symbolic name, after naming equal factors alike and symmetric factors unflipped.
 */

/** [factor index, reversed] for each output axis. */
export type Placement = readonly (readonly [number, boolean])[];

const X = [0, false] as const, Y = [1, false] as const, Z = [2, false] as const;
const JX = [0, true] as const, JY = [1, true] as const, JZ = [2, true] as const;

export const ROTATIONS_3D: readonly Placement[] = [
  [X, Y, Z], [JZ, Y, X], [JX, Y, JZ], [Z, Y, JX],
  [Y, Z, X], [Y, JZ, JX], [Y, JX, Z], [JX, JY, Z],
  [JY, X, Z], [JZ, JX, Y], [JZ, JY, JX], [JZ, X, JY],
  [JY, JX, JZ], [X, JY, JZ], [Y, X, JZ], [Z, JX, JY],
  [Z, JY, X], [Z, X, Y], [JX, Z, Y], [JY, Z, JX],
  [X, Z, JY], [JX, JZ, JY], [JY, JZ, X], [X, JZ, Y],
];

export const ROTATIONS_2D: readonly Placement[] = [
  [X, Y], [JY, X], [JX, JY], [Y, JX],
];

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function reversed(a: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[a.length - 1 - i];
  return out;
}

/** Symbolic names of the factors and their reversals, with equal / symmetric factors merged (MIRP's rule). */
function symbols(factors: readonly ArrayLike<number>[]): { g: string[]; jg: string[] } {
  const g = ['gx', 'gy', 'gz'].slice(0, factors.length);
  const jg = ['jgx', 'jgy', 'jgz'].slice(0, factors.length);
  if (sameArray(factors[0], factors[1])) {
    g[1] = g[0];
    jg[1] = jg[0];
  }
  if (factors.length === 3) {
    if (sameArray(factors[0], factors[2])) {
      g[2] = g[0];
      jg[2] = jg[0];
    }
    if (sameArray(factors[1], factors[2])) {
      g[2] = g[1];
      jg[2] = jg[1];
    }
  }
  for (let a = 0; a < factors.length; a++) if (sameArray(factors[a], reversed(factors[a]))) jg[a] = g[a];
  return { g, jg };
}

/**
 * The distinct rotated versions of one or more separable kernel sets that rotate together (a wavelet's
 * filter and its pre-filter): each result holds, per set, the 1D kernel on each axis [x, y(, z)].
 */
export function rotatedKernelSets(sets: readonly (readonly ArrayLike<number>[])[], rotationInvariant: boolean): Float64Array[][][] {
  const copy = (s: readonly ArrayLike<number>[]) => s.map((k) => Float64Array.from(k));
  if (!rotationInvariant) return [sets.map(copy)];
  const dims = sets[0].length;
  const table = dims === 3 ? ROTATIONS_3D : ROTATIONS_2D;
  const names = sets.map(symbols);
  const seen = new Set<string>();
  const out: Float64Array[][][] = [];
  for (const rotation of table) {
    const key = names.map((n) => rotation.map(([f, j]) => (j ? n.jg[f] : n.g[f])).join(',')).join(';');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(sets.map((s) => rotation.map(([f, j]) => (j ? reversed(s[f]) : Float64Array.from(s[f])))));
  }
  return out;
}

/** Pools `next` into `acc` in place: max or sum (divide a sum by the count for mean pooling). */
export function poolInto(acc: Float64Array, next: Float64Array, method: 'max' | 'sum'): void {
  if (method === 'max') {
    for (let i = 0; i < acc.length; i++) if (next[i] > acc[i]) acc[i] = next[i];
  } else {
    for (let i = 0; i < acc.length; i++) acc[i] += next[i];
  }
}
