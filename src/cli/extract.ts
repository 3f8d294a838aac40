import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';
import type { ConfigInput, ExtractResult, Mask, PyradiomicsParams, Volume } from '../index.js';
import { isDicom } from '../io/dicom/preamble.js';
import { createExtractor } from '../node/threads.js';
import { readVolumeAsync, sha256, writeFileAtomic } from '../node/volumeFiles.js';
import { toCsv, toJson, toTable } from '../result.js';
import { parseArgs } from './args.js';
import { caseId, readConfigFile, required, type Command } from './common.js';

// What only some runs need is imported when they need it, so that a NIfTI or NRRD extract (the common
// case, often one short-lived process per case) does not load and compile the DICOM parser and readers,
// the SR writer or the YAML parser: the DICOM inputs and the SR (extractDicom.ts), PyRadiomics' parameter
// files and column names. For the same reason the modules above are named one by one instead of through
// index.ts / node.ts: the build splits chunks by file, and a barrel would tie the DICOM modules to them.
const dicomInputs = () => import('./extractDicom.js');
const pyradiomicsParams = () => import('../pyradiomics/params.js');
const pyradiomicsColumns = () => import('../pyradiomics/columns.js');

/** `radiomics extract`: one image and mask -> features as JSON, CSV or a table. */
export const extractCommand: Command = {
  usage: `radiomics extract --image FILE|DIR --mask FILE [--label N] [--config FILE.json|.yaml] [--preset NAME]
                    [--roi NAME (RTSTRUCT mask)] [--segment N|LABEL (DICOM-SEG mask)] [--series UID]
                    [--pyradiomics-params FILE.yaml|.json] [--column-names ours|pyradiomics]
                    [--format json|csv|table] [--out FILE] [--sr OUT.dcm] [--threads N] [--debug]
  --sr OUT.dcm  also write the features as a DICOM SR (TID 1500 Measurement Report) referencing the image
                series and the RTSTRUCT ROI or SEG segment (needs a DICOM image and an RTSTRUCT or SEG mask)`,
  async run(argv) {
    const { options } = parseArgs(['extract', ...argv], ['image', 'mask', 'label', 'config', 'preset', 'pyradiomics-params', 'column-names', 'format', 'out', 'roi', 'segment', 'series', 'threads', 'sr'], ['debug']);
    const imagePath = required(options.image, 'image');
    const maskPath = required(options.mask, 'mask');
    const format = (options.format ?? 'json') as string;
    if (!['json', 'csv', 'table'].includes(format)) throw new RadiomicsError('UsageError', `--format must be json, csv or table, got "${format}"`, { option: 'format' });
    const columnNames = (options['column-names'] ?? 'ours') as string;
    if (columnNames !== 'ours' && columnNames !== 'pyradiomics') throw new RadiomicsError('UsageError', `--column-names must be ours or pyradiomics, got "${columnNames}"`, { option: 'column-names' });

    const paramsPath = options['pyradiomics-params'];
    let params: PyradiomicsParams | null = null;
    if (paramsPath !== undefined) {
      if (options.config !== undefined || options.preset !== undefined) {
        throw new RadiomicsError('UsageError', '--pyradiomics-params sets the whole configuration; it cannot be combined with --config or --preset', { option: 'pyradiomics-params' });
      }
      params = (await pyradiomicsParams()).parsePyradiomicsParams(readText(String(paramsPath)), { file: String(paramsPath) });
      // Every setting that could not be mapped is a warning line; none is dropped silently.
      for (const u of params.unsupported) process.stderr.write(`radiomics: warning: ${paramsPath}: ${u.key} = ${JSON.stringify(u.value)} not mapped: ${u.reason}\n`);
    }
    const labelOption = options.label ?? (params?.label ?? undefined);
    const label = labelOption === undefined ? 1 : Number(labelOption);
    if (!Number.isFinite(label)) throw new RadiomicsError('UsageError', `--label must be a number, got "${options.label}"`, { option: 'label' });
    const config = params !== null ? params.config : options.config === undefined ? {} : await readConfigFile(String(options.config));
    const preset = options.preset === undefined ? undefined : String(options.preset);
    const threads = threadsOption(options.threads);
    const srPath = optional(options.sr, 'sr');
    // The SR's sources are read (and the inputs checked to be DICOM) before the extraction starts.
    const sr = srPath === undefined ? null : await dicomInputs();
    const srSources = sr === null ? null : sr.srSourcesFor(imagePath, maskPath, optional(options.roi, 'roi'), optional(options.segment, 'segment'), optional(options.series, 'series'));

    // Started before the files are read, so that the worker threads load the library meanwhile.
    const extractor = createExtractor({ threads });
    let result: ExtractResult;
    try {
      const image = await readVolumeAsync(imagePath, { series: optional(options.series, 'series') });
      const mask = await readMaskFor(maskPath, image, label, optional(options.roi, 'roi'), optional(options.segment, 'segment'));
      result = await extractor.extract(image, mask, config as ConfigInput, { preset, imageFile: imagePath, maskFile: maskPath, sha256 });
    } finally {
      await extractor.close();
    }
    if (params !== null) {
      // The mapping travels with the result: what was read, what could not be mapped, and the caveats.
      const pyradiomics = { file: String(paramsPath), unsupported: params.unsupported, notes: params.notes };
      result = { ...result, provenance: { ...result.provenance, pyradiomics } } as ExtractResult;
    }
    // The SR carries our feature ids (before any renaming), like the result of extract().
    if (srPath !== undefined && sr !== null && srSources !== null) writeFileAtomic(srPath, sr.toDicomSr(result, srSources));
    if (columnNames === 'pyradiomics') result = (await pyradiomicsColumns()).withPyradiomicsNames(result, params?.naming);
    const text = format === 'json' ? toJson(result) : format === 'csv' ? toCsv([{ id: caseId(imagePath), result }]) : toTable(result);
    if (options.out === undefined) process.stdout.write(text);
    else writeFileAtomic(String(options.out), text);
    return 0;
  },
};

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RadiomicsError('FileNotFound', `${path}: cannot read the PyRadiomics parameter file`, { file: path }, { cause });
  }
}

/** --threads: threads for the one extraction (default 1; the output is the same bits for any number). */
function threadsOption(value: string | true | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (value === true || !Number.isInteger(n) || n < 1) throw new RadiomicsError('UsageError', `--threads must be a whole number >= 1, got "${value === true ? '' : value}"`, { option: 'threads' });
  return n;
}

function optional(value: string | true | undefined, name: string): string | undefined {
  if (value === true) throw new RadiomicsError('UsageError', `option --${name} needs a value`, { option: name });
  return value;
}

/**
 * A label-map mask (NIfTI, NRRD, DICOM), or an RTSTRUCT ROI (--roi) or DICOM-SEG segment (--segment) on
 * the image grid. The DICOM readers are loaded for a DICOM mask only (a .nii / .nii.gz name is taken as
 * NIfTI without looking; other files by their first bytes).
 */
async function readMaskFor(path: string, image: Volume, label: number, roi: string | undefined, segment: string | undefined): Promise<Mask> {
  const lower = path.toLowerCase();
  const dicom = !lower.endsWith('.nii') && !lower.endsWith('.nii.gz') && startsAsDicom(path);
  const mask = dicom ? (await dicomInputs()).readSegmentationMask(path, image, roi, segment) : null;
  if (mask !== null) return mask;
  if (roi !== undefined) throw new RadiomicsError('UsageError', `--roi needs an RTSTRUCT mask; ${path} is not one`, { option: 'roi' });
  if (segment !== undefined) throw new RadiomicsError('UsageError', `--segment needs a DICOM-SEG mask; ${path} is not one`, { option: 'segment' });
  return { volume: await readVolumeAsync(path), label };
}

/** Whether the file carries DICOM's "DICM" magic (false for anything unreadable: the reader then reports it). */
function startsAsDicom(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = new Uint8Array(132);
      return readSync(fd, head, 0, 132, 0) === 132 && isDicom(head);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
