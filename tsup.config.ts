import { copyFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// Three builds: the browser-safe core (index) and the Node helpers (node) for bundlers and Node, whose
// dependencies stay external; a self-contained browser bundle (dependencies inlined, minified) for a plain
// <script type="module"> or an import map, where bare names such as "ndarray" cannot resolve; the CLI,
// with the batch worker thread's entry (dist/batch-worker.js, loaded by the CLI's pool) and the extraction
// worker's (dist/extract-worker.js, loaded by createExtractor in the node entry and the CLI) and the
// robustness worker's (dist/robustness-worker.js, `radiomics robustness --jobs`) beside it.

// The core's SHA-256 is the package import '#digest' (package.json "imports": node:crypto under the "node"
// condition, src/util/sha256.ts otherwise). The library builds keep it external, resolved where the package
// is used, and build both targets; the browser bundle and the CLI (node) inline the one for their platform.
const DIGEST_PORTABLE = { '#digest': './src/util/sha256.ts' };
const DIGEST_NODE = { '#digest': './src/node/digest.ts' };

// Codecs (src/io/codecs/) are dynamic imports: in the ESM builds each lands in a chunk of its own, loaded
// only when a compressed frame is decoded. In the browser bundle the Emscripten scripts' Node-only
// `require("fs")` / `require("path")` (behind their ENVIRONMENT_IS_NODE test, never reached in a browser)
// get empty modules, and OpenJPH's openjphjs.wasm is copied beside the chunks, where src/io/codecs/htj2k.ts
// looks for it.
const emptyNodeBuiltins: Plugin = {
  name: 'empty-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^(fs|path)$/ }, (args) => ({ path: args.path, namespace: 'empty-node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts', digest: 'src/util/sha256.ts', 'digest-node': 'src/node/digest.ts' },
    external: ['#digest'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    // import.meta.url in the CommonJS build too: createExtractor finds dist/extract-worker.js by it.
    shims: true,
  },
  {
    // Its own folder, so that its codec chunks sit beside it (dist/browser/*.js) and not among the Node build's.
    entry: { radiomics: 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    noExternal: [/.*/],
    esbuildOptions(options) {
      options.alias = DIGEST_PORTABLE;
    },
    esbuildPlugins: [emptyNodeBuiltins],
    minify: true,
    async onSuccess() {
      copyFileSync('node_modules/@cornerstonejs/codec-openjph/dist/openjphjs.wasm', 'dist/browser/openjphjs.wasm');
    },
    sourcemap: true,
    target: 'es2022',
  },
  {
    entry: { cli: 'src/cli/main.ts', 'batch-worker': 'src/cli/batchWorker.ts', 'extract-worker': 'src/node/extractWorker.ts', 'robustness-worker': 'src/cli/robustnessWorker.ts' },
    format: ['esm'],
    // The dependencies are bundled in (all but the codecs, loaded on first use as they are): Node then
    // loads a few ES modules instead of resolving packages and scanning CommonJS files for their exports
    // (yaml, dicom-parser, ndarray and theirs) on every start of a short-lived `radiomics extract`.
    noExternal: [/^(?!@cornerstonejs\/|jpeg-lossless-decoder-js)/],
    // CommonJS code bundled into an ES module calls require() for Node built-ins: give it one.
    banner: { js: "import { createRequire as __radiomicsCreateRequire } from 'node:module'; const require = __radiomicsCreateRequire(import.meta.url);" },
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    esbuildOptions(options) {
      options.alias = DIGEST_NODE;
    },
  },
]);
