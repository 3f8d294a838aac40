/**
 * PyRadiomics interoperability: parameter files -> our config (every unmapped key reported), column names
 * in PyRadiomics' style for agreeing features, and the feature mapping table behind docs/pyradiomics.md.
 */
export { parsePyradiomicsParams, DEFAULT_PYRADIOMICS_NAMING, type PyradiomicsParams, type PyradiomicsIssue, type PyradiomicsNaming, type PyradiomicsMapSettings } from './params.js';
export { pyradiomicsColumnNames, withPyradiomicsNames } from './columns.js';
export { PYRADIOMICS_FEATURES, PYRADIOMICS_CLASSES, PYRADIOMICS_CLASS_FAMILIES, type PyradiomicsClass, type PyradiomicsFeature } from './features.js';
