// Writes the generated docs (npm run docs). test/docs.test.ts checks they are current.
import { writeFileSync } from 'node:fs';
import { GENERATED_DOCS } from './docs.js';

for (const [path, make] of Object.entries(GENERATED_DOCS)) {
  writeFileSync(new URL(`../${path}`, import.meta.url), make());
  console.log(`wrote ${path}`);
}
