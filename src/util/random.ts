/**
 * mulberry32 (Tommy Ettinger, 2017): a small 32-bit seeded generator, uniform in [0, 1). Integer
 * arithmetic only (Math.imul, >>>), so the stream is the same on every platform and engine. Used where
 * a fixed-seed sample must be bit-identical across runs (the sampled Moran/Geary far field), and by the
 * tests and benchmarks for reproducible synthetic data. Not for statistics that need a long period
 * (the robustness module has its own xoshiro128**).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
