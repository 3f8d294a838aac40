import { defineConfig } from 'tsup';

// Two entries: the browser-safe core (index) and the Node helpers (node); the CLI is bundled apart,
// with the batch worker thread's entry (dist/batch-worker.js, loaded by the CLI's pool) beside it.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
  },
  {
    entry: { cli: 'src/cli/main.ts', 'batch-worker': 'src/cli/batchWorker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  },
]);
