// The reference table and comparison rule live in scripts/ (shared with the docs generator).
export * from '../../scripts/ibsi-reference.js';
