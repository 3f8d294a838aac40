/** Package version, echoed in every result's provenance; test/version.test.ts keeps it equal to package.json. */
export const VERSION = '0.1.0';
