/**
 * Compatibility modes. `ibsi` (the default) computes every feature as the IBSI 1 and 2 reference manuals
 * define it. `pyradiomics` adds PyRadiomics' own definitions where they deviate from IBSI, each a named
 * deviation (deviations.ts, listed in docs/pyradiomics.md), as features of their own next to the IBSI ones:
 * an IBSI feature id never changes meaning with the mode.
 */
export const COMPAT_MODES = ['ibsi', 'pyradiomics'] as const;
export type CompatMode = (typeof COMPAT_MODES)[number];
