/** Deterministic pseudo-random generator (mulberry32) so every test sees the same "random" data. */
export { mulberry32 as rng } from '../../src/util/random.js';
