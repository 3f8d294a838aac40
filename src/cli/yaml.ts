/**
 * The YAML parser behind a module of ours: common.ts imports this file dynamically, for a YAML config
 * only (a static import of the package, as here, is what the bundle's CommonJS interop expects; a
 * dynamic import('yaml') of the bundled CommonJS package has no named exports).
 */
export { parse as parseYaml } from 'yaml';
