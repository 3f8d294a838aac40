/**
 * A generated multi-scanner feature table: 30 subjects, each scanned on 3 scanners (A, B, C), with age
 * (continuous) and sex (categorical) covariates. Feature columns use real feature ids. Per feature:
 *   value = base + subject effect (SD `between`) + age/sex effects + scanner shift + scanner scale x noise.
 * stat.mean and morph.volume have small scanner effects (should come out robust), glcm.contrast and
 * ngtdm.busyness large ones (not robust). Deterministic for a seed.
 */
import { formatCsv } from '../../src/util/csv.js';
import { createRandom } from '../../src/robustness/random.js';

export const SCANNERS = { A: { shift: 0, scale: 1 }, B: { shift: 1, scale: 1.5 }, C: { shift: -0.8, scale: 0.6 } } as const;
export const FEATURES = [
  { id: 'stat.mean', base: 100, between: 20, scanner: 0.2, noise: 1, age: 0.3 },
  { id: 'morph.volume', base: 5000, between: 1500, scanner: 30, noise: 40, age: 0 },
  { id: 'glcm.contrast.3D_merged.d1', base: 10, between: 1, scanner: 4, noise: 1, age: 0.02 },
  { id: 'ngtdm.busyness.3D', base: 3, between: 0.2, scanner: 1.5, noise: 0.5, age: 0 },
  { id: 'ih.entropy', base: 4, between: 0.5, scanner: 0.4, noise: 0.2, age: -0.005 },
] as const;

export function multiScannerCsv(seed = 1, subjects = 30): string {
  const rng = createRandom(seed);
  const rows: string[][] = [];
  for (let s = 0; s < subjects; s++) {
    const age = Math.round(30 + 40 * rng.uniform());
    const sex = rng.uniform() < 0.5 ? 'F' : 'M';
    const truth = FEATURES.map((f) => f.base + f.between * rng.normal() + f.age * age * f.between + (sex === 'M' ? 0.5 * f.between : 0));
    for (const [name, sc] of Object.entries(SCANNERS)) {
      const values = FEATURES.map((f, k) => truth[k] + sc.shift * f.scanner + sc.scale * f.noise * rng.normal());
      rows.push([`s${String(s).padStart(2, '0')}-${name}`, `s${String(s).padStart(2, '0')}`, name, String(age), sex, ...values.map(String)]);
    }
  }
  return formatCsv({ header: ['id', 'subject', 'scanner', 'age', 'sex', ...FEATURES.map((f) => f.id)], rows });
}
