import { existsSync, readFileSync, statSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';
import { dicomModality, parsePyradiomicsParams, toCsv, toDicomSr, toJson, toTable, withPyradiomicsNames, type ConfigInput, type ExtractResult, type Mask, type PyradiomicsParams, type SrSources, type Volume } from '../index.js';
import { createExtractor, readMask, readRtstructMask, readSegMask, readSrSources, readVolume, sha256, writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import { caseId, readConfigFile, required, type Command } from './common.js';

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
      params = parsePyradiomicsParams(readText(String(paramsPath)), { file: String(paramsPath) });
      // Every setting that could not be mapped is a warning line; none is dropped silently.
      for (const u of params.unsupported) process.stderr.write(`radiomics: warning: ${paramsPath}: ${u.key} = ${JSON.stringify(u.value)} not mapped: ${u.reason}\n`);
    }
    const labelOption = options.label ?? (params?.label ?? undefined);
    const label = labelOption === undefined ? 1 : Number(labelOption);
    if (!Number.isFinite(label)) throw new RadiomicsError('UsageError', `--label must be a number, got "${options.label}"`, { option: 'label' });
    const config = params !== null ? params.config : options.config === undefined ? {} : readConfigFile(String(options.config));
    const preset = options.preset === undefined ? undefined : String(options.preset);
    const threads = threadsOption(options.threads);
    const srPath = optional(options.sr, 'sr');
    // The SR's sources are read (and the inputs checked to be DICOM) before the extraction starts.
    const srSources = srPath === undefined ? null : srSourcesFor(imagePath, maskPath, optional(options.roi, 'roi'), optional(options.segment, 'segment'), optional(options.series, 'series'));

    // Started before the files are read, so that the worker threads load the library meanwhile.
    const extractor = createExtractor({ threads });
    let result: ExtractResult;
    try {
      const image = readVolume(imagePath, { series: optional(options.series, 'series') });
      const mask = readMaskFor(maskPath, image, label, optional(options.roi, 'roi'), optional(options.segment, 'segment'));
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
    if (srPath !== undefined && srSources !== null) writeFileAtomic(srPath, toDicomSr(result, srSources));
    if (columnNames === 'pyradiomics') result = withPyradiomicsNames(result, params?.naming);
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

/** A label-map mask (NIfTI, NRRD), or an RTSTRUCT ROI (--roi) or DICOM-SEG segment (--segment) on the image grid. */
function readMaskFor(path: string, image: Volume, label: number, roi: string | undefined, segment: string | undefined): Mask {
  const modality = path.toLowerCase().endsWith('.nii') || path.toLowerCase().endsWith('.nii.gz') ? null : sniffModality(path);
  if (modality === 'RTSTRUCT') {
    if (roi === undefined) throw new RadiomicsError('UsageError', `${path} is an RTSTRUCT: name the ROI with --roi NAME`, { option: 'roi' });
    return readRtstructMask(path, image, roi);
  }
  if (modality === 'SEG') {
    if (segment === undefined) throw new RadiomicsError('UsageError', `${path} is a DICOM-SEG: name the segment with --segment N or --segment LABEL`, { option: 'segment' });
    return readSegMask(path, image, /^\d+$/.test(segment) ? Number(segment) : segment);
  }
  if (roi !== undefined) throw new RadiomicsError('UsageError', `--roi needs an RTSTRUCT mask; ${path} is not one`, { option: 'roi' });
  if (segment !== undefined) throw new RadiomicsError('UsageError', `--segment needs a DICOM-SEG mask; ${path} is not one`, { option: 'segment' });
  return readMask(path, label);
}

/** --sr: the SR's sources; a UsageError unless the image is DICOM and the mask an RTSTRUCT or SEG. */
function srSourcesFor(imagePath: string, maskPath: string, roi: string | undefined, segment: string | undefined, series: string | undefined): SrSources {
  for (const path of [imagePath, maskPath]) {
    if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: no such file or folder`, { file: path });
  }
  const maskModality = sniffModality(maskPath);
  if (maskModality !== 'RTSTRUCT' && maskModality !== 'SEG') {
    throw new RadiomicsError('UsageError', `--sr needs an RTSTRUCT or DICOM-SEG mask (the SR references it); ${maskPath} is ${maskModality === null ? 'not DICOM' : `a DICOM ${maskModality || 'object'}`}`, { option: 'sr', file: maskPath });
  }
  if (!isDicomImagePath(imagePath)) {
    throw new RadiomicsError('UsageError', `--sr needs a DICOM image series (a folder of slices or a DICOM file); ${imagePath} is not DICOM`, { option: 'sr', file: imagePath });
  }
  return readSrSources(imagePath, maskPath, { roi, segment: segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : segment, series });
}

/** A folder (read as a DICOM series) or a DICOM file. */
function isDicomImagePath(path: string): boolean {
  try {
    return statSync(path).isDirectory() || sniffModality(path) !== null;
  } catch {
    return false;
  }
}

/** Modality of a DICOM file (null for anything else, including a missing file: readMask reports that). */
function sniffModality(path: string): string | null {
  try {
    return dicomModality(new Uint8Array(readFileSync(path)));
  } catch {
    return null;
  }
}
