/**
 * The bench cases' feature values, bit for bit: `npx tsx bench/values.ts OUT.json` writes every feature
 * value of the four bench cases (FBS 25 and FBN 32 on the 30k and 300k ROIs of bench/synthetic.ts) as the
 * hex of its float64; `npx tsx bench/values.ts --compare BASE.json` measures again and lists every value
 * whose bits differ from BASE.json. A speed-up must leave them bit-identical (or show by an exactness test
 * that the new value is closer to the exact one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extract } from '../src/node.js';
import { ellipsoidMask, syntheticImage } from './synthetic.js';

const CONFIGS = {
  'FBS 25': { discretisation: { method: 'fixedBinSize', width: 25 } },
  'FBN 32': { discretisation: { method: 'fixedBinNumber', bins: 32 } },
} as const;

const hex = (x: number | null) => {
  if (x === null) return 'null';
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return b.getBigUint64(0).toString(16).padStart(16, '0');
};

const image = syntheticImage(1);
const values: Record<string, string> = {};
for (const voxels of [30_000, 300_000]) {
  const { mask } = ellipsoidMask(voxels);
  for (const [name, config] of Object.entries(CONFIGS)) {
    for (const f of extract(image, { volume: mask, label: 1 }, config).features) values[`${name}|${voxels / 1000}k|${f.id}`] = hex(f.value);
  }
}
const compare = process.argv.indexOf('--compare');
if (compare < 0) {
  writeFileSync(process.argv[2], `${JSON.stringify(values, null, 1)}\n`);
  console.log(`${Object.keys(values).length} values written to ${process.argv[2]}`);
} else {
  const base = JSON.parse(readFileSync(process.argv[compare + 1], 'utf8')) as Record<string, string>;
  const keys = new Set([...Object.keys(base), ...Object.keys(values)]);
  const diff = [...keys].filter((k) => base[k] !== values[k]);
  for (const k of diff) console.log(`${k}: ${base[k]} -> ${values[k]}`);
  console.log(`${keys.size} values, ${diff.length} differ`);
  process.exitCode = diff.length === 0 ? 0 : 1;
}
