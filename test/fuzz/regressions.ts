/**
 * Every failure the fuzz suite found, as the case that found it: row, fixture, mutator (by name) and
 * seed regenerate the same bytes (the mutators are deterministic), so the case is kept without a
 * committed file. `was` records what happened before the fix. Run by test/fuzz/fuzz.test.ts; a failure
 * found by `npm run fuzz` is added here.
 */
export interface Regression {
  readonly row: string;
  readonly fixture: string;
  readonly mutator: string;
  readonly seed: number;
  readonly was: string;
}

export const REGRESSIONS: readonly Regression[] = [
  { row: 'DICOM classic (axial, oblique)', fixture: 'dicom/axial-shuffled/slice-a.dcm', mutator: 'deeply nested sequences', seed: 1553919804, was: 'TypeError: reason.replace is not a function (dicom-parser wrapped a RangeError in { exception })' },
  { row: 'DICOM enhanced multi-frame', fixture: 'dicom/enhanced-mr.dcm', mutator: 'deeply nested sequences', seed: 2464975395, was: 'TypeError: reason.replace is not a function' },
  { row: 'DICOM-SEG (binary, fractional)', fixture: 'dicom/seg-two-segments.dcm', mutator: 'deeply nested sequences', seed: 345997747, was: 'TypeError: reason.replace is not a function' },
  { row: 'DICOM classic (axial, oblique)', fixture: 'dicom/axial-shuffled/slice-a.dcm', mutator: 'DICOM element lengths that lie', seed: 3031446975, was: 'string thrown: dicomParser.readFixedString: attempt to read past end of buffer' },
  { row: 'RTSTRUCT', fixture: 'dicom/axial-shuffled/rtstruct.dcm', mutator: 'bit flips', seed: 2600547603, was: 'string thrown: dicomParser.readFixedString: attempt to read past end of buffer' },
  { row: 'RTSTRUCT', fixture: 'dicom/oblique-rtstruct.dcm', mutator: 'bit flips', seed: 3806060994, was: 'string thrown: dicomParser.readFixedString: attempt to read past end of buffer' },
  { row: 'PyRadiomics parameter file (YAML)', fixture: 'pyradiomics/mr-3mm.params.yaml', mutator: 'text edits (values, lines, nesting)', seed: 436205683, was: 'flow sequence nested 10^5 deep: InvalidConfig after 3.3 s and 93 MB of heap' },
  { row: "PyRadiomics parameter file (YAML)", fixture: "pyradiomics/mr-3mm.params.yaml", mutator: "text edits (values, lines, nesting)", seed: 3649873193, was: "TypeError: Converting circular structure to JSON (a YAML alias inside its own anchor, then JSON.stringify in a message); found by npm run fuzz" },
  { row: "PyRadiomics parameter file (YAML)", fixture: "pyradiomics/mr-3mm.params.yaml", mutator: "text edits (values, lines, nesting)", seed: 1585637676, was: "TypeError: Converting circular structure to JSON (a YAML alias inside its own anchor, then JSON.stringify in a message); found by npm run fuzz" },
  { row: "PyRadiomics parameter file (YAML)", fixture: "pyradiomics/mr-3mm.params.yaml", mutator: "text edits (values, lines, nesting)", seed: 534433432, was: "TypeError: Converting circular structure to JSON (a YAML alias inside its own anchor, then JSON.stringify in a message); found by npm run fuzz" },
  { row: "config file (JSON, YAML)", fixture: "config.yaml (DEFAULTS)", mutator: "text edits (values, lines, nesting)", seed: 1064490966, was: "TypeError: Converting circular structure to JSON (a YAML alias inside its own anchor, then JSON.stringify in a message); found by npm run fuzz" },
  { row: "config file (JSON, YAML)", fixture: "config.yaml (DEFAULTS)", mutator: "text edits (values, lines, nesting)", seed: 1643557531, was: "TypeError: Converting circular structure to JSON (a YAML alias inside its own anchor, then JSON.stringify in a message); found by npm run fuzz" },
];
