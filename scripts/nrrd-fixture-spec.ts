/**
 * The oblique RAS geometry of fixtures/nrrd-digital-phantom/*.ras-oblique.be.nrrd, shared by the generator
 * (scripts/make-nrrd-fixtures.ts) and the test. Directions: a rotation by 30 degrees about z, then 20
 * degrees about x, scaled by the 2 mm spacing; written in RAS, read back in LPS (x and y negated).
 */
const c30 = Math.cos(Math.PI / 6);
const s30 = Math.sin(Math.PI / 6);
const c20 = Math.cos(Math.PI / 9);
const s20 = Math.sin(Math.PI / 9);
const r = (v: number) => Number(v.toFixed(12));

/** Unit direction of each index axis (columns of Rx(20) Rz(30)), in RAS. */
const AXES: readonly (readonly [number, number, number])[] = [
  [c30, s30 * c20, s30 * s20],
  [-s30, c30 * c20, c30 * s20],
  [0, -s20, c20],
].map((a) => a.map(r) as unknown as readonly [number, number, number]);

export const NRRD_OBLIQUE = {
  spacing: 2,
  rasDirections: AXES.map((a) => a.map((x) => r(2 * x))),
  rasOrigin: [10, -20, 30] as const,
  /** Expected LPS geometry: direction columns and origin with x and y negated. */
  lpsAxes: AXES.map((a) => [-a[0] || 0, -a[1] || 0, a[2]]),
  lpsOrigin: [-10, 20, 30] as const,
};
