/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), its 128-bit state filled from the seed by splitmix32. Deterministic in the
 * seed on every platform (32-bit integer arithmetic only via Math.imul); the state lives in the returned
 * object, never in the module. Not for cryptography.
 */
import { RadiomicsError } from '../errors.js';

export interface Random {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform integer in [0, n). */
  integer(n: number): number;
  /** Standard normal (Box-Muller; one draw per call, the second value is discarded). */
  normal(): number;
}

/** A generator for an integer seed (any safe integer; negative and > 2^32 seeds are fine). */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new RadiomicsError('InvalidArgument', `seed must be a safe integer, got ${seed}`, { seed });
  let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) | 0, 0x9e3779b1);
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  return {
    uniform,
    integer(n: number): number {
      return Math.floor(uniform() * n);
    },
    normal(): number {
      let u = uniform();
      while (u === 0) u = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
  };
}

/** A seed derived from a seed and indices (case, repeat, ...): independent streams, same for the same inputs. */
export function deriveSeed(seed: number, ...indices: readonly number[]): number {
  let h = (seed >>> 0) ^ 0x2545f491;
  const hi = Math.floor(seed / 2 ** 32) | 0;
  for (const i of [hi, ...indices]) {
    h = Math.imul(h ^ (i | 0), 0x27d4eb2d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x165667b1);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

function rotl(v: number, k: number): number {
  return (v << k) | (v >>> (32 - k));
}
