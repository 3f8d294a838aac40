/**
 * PyRadiomics compatibility (config compat: 'pyradiomics'): PyRadiomics' definitions where they deviate
 * from IBSI, each a named deviation (deviations.ts), and the kernels of the PyRadiomics-only features.
 * Sits below features (families import its kernels) and above util and image.
 */
export { COMPAT_MODES, type CompatMode } from './modes.js';
export { PYRADIOMICS_DEVIATIONS, type Deviation, type DeviationName } from './deviations.js';
export { maximalCorrelationCoefficient } from './mcc.js';
export { planeDiameters, populationAxisLength } from './diameters.js';
