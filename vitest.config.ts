import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run in Node and take the core's digest as Node users do (see package.json "imports", tsup.config.ts).
  resolve: { alias: { '#digest': fileURLToPath(new URL('./src/node/digest.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
