/**
 * Builds the bench scripts to bench/<name>.bundle.mjs, run by plain Node (`npm run bench*`): the
 * library they time is the built package (`radiomics/node`, dist/, what the CLI and an `import` run),
 * left external; the scripts' own helpers (bench/synthetic.ts) and the internals the morphology and
 * filter benchmarks time are bundled in by the same esbuild build (tsup) as dist. Not through tsx: its
 * loader made the same dist code 5-20 % slower in CPU time (brain1 feature maps, alternating processes).
 * Run after `npm run build`.
 */
import { build } from 'tsup';

await build({
  config: false,
  entry: { run: 'bench/run.ts', 'maps.bench': 'bench/maps.bench.ts', 'morphology.bench': 'bench/morphology.bench.ts', 'filters.bench': 'bench/filters.bench.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'es2022',
  outDir: 'bench',
  outExtension: () => ({ js: '.bundle.mjs' }),
  external: ['radiomics', 'radiomics/node', '#digest'],
  splitting: false,
  sourcemap: false,
  dts: false,
  clean: false,
  silent: true,
});
