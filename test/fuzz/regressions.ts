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
  // CharLS spun 10-30 s on JPEG-LS entropy-coded data that runs to the end of its buffer with no marker (EOI overwritten or cut): refused by src/io/codecs/jpegLsCodestream.ts before CharLS runs.
  { row: "DICOM jpeg-ls-lossless (codecs)", fixture: "dicom-compressed/jpeg-ls-lossless/slice-2.dcm", mutator: "bytes set to 00 / ff / 7f / 80", seed: 4194917679, was: "did not finish within 10000 ms (limit 5000 ms); its worker was stopped (CharLS, EOI overwritten); found by npm run fuzz" },
  { row: "DICOM jpeg-ls-lossless (codecs)", fixture: "dicom-compressed/jpeg-ls-lossless/slice-2.dcm", mutator: "splice (a chunk repeated, removed or appended as garbage)", seed: 3734747540, was: "took 9398 ms (limit 5000 ms); CorruptFile (CharLS, a DRI claiming 57344 bytes in place of EOI); found by npm run fuzz" },
  { row: "DICOM jpeg-ls-near-lossless (codecs)", fixture: "dicom-compressed/jpeg-ls-near-lossless/slice-1.dcm", mutator: "bytes set to 00 / ff / 7f / 80", seed: 942198239, was: "did not finish within 10000 ms (limit 5000 ms); its worker was stopped (CharLS, EOI overwritten); found by npm run fuzz" },
  { row: "DICOM jpeg-ls-near-lossless (codecs)", fixture: "dicom-compressed/jpeg-ls-near-lossless/slice-2.dcm", mutator: "bytes set to 00 / ff / 7f / 80", seed: 2749025958, was: "did not finish within 10000 ms (limit 5000 ms); its worker was stopped (CharLS); found by npm run fuzz" },
  { row: "DICOM jpeg-ls-near-lossless (codecs)", fixture: "dicom-compressed/jpeg-ls-near-lossless/slice-2.dcm", mutator: "bytes set to 00 / ff / 7f / 80", seed: 1002127552, was: "did not finish within 10000 ms (limit 5000 ms); its worker was stopped (CharLS); found by npm run fuzz" },
];
