import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { RadiomicsError } from '../errors.js';
import { FAMILY_NAMES, mapVolume, parsePyradiomicsParams, pyradiomicsColumnNames, writeNifti, type ConfigInput, type FamilyName, type MapsResult, type PyradiomicsParams } from '../index.js';
import { createExtractor, readMask, readVolume, sha256 } from '../node.js';
import { parseArgs } from './args.js';
import { readConfigFile, required, type Command } from './common.js';
import { formatDuration } from './progress.js';

/** `radiomics maps`: voxel-wise feature maps, one NIfTI per feature, written as one folder at once. */
export const mapsCommand: Command = {
  usage: `radiomics maps --image FILE --mask FILE [--label N] --kernel-radius R [--masked-kernel true|false]
                    [--features ID,...|--family NAME,...] [--config FILE|--preset NAME|--pyradiomics-params FILE]
                    [--column-names ours|pyradiomics] [--threads N] --out-dir DIR [--debug]`,
  async run(argv) {
    const { options } = parseArgs(['maps', ...argv], ['image', 'mask', 'label', 'kernel-radius', 'masked-kernel', 'features', 'family', 'config', 'preset', 'pyradiomics-params', 'column-names', 'threads', 'out-dir'], ['debug']);
    const imagePath = required(options.image, 'image', 'maps');
    const maskPath = required(options.mask, 'mask', 'maps');
    const outDir = resolve(required(options['out-dir'], 'out-dir', 'maps'));
    const columnNames = (options['column-names'] ?? 'ours') as string;
    if (columnNames !== 'ours' && columnNames !== 'pyradiomics') throw new RadiomicsError('UsageError', `--column-names must be ours or pyradiomics, got "${columnNames}"`, { option: 'column-names' });
    if (options.features !== undefined && options.family !== undefined) throw new RadiomicsError('UsageError', '--features and --family cannot be combined', { option: 'features' });
    const threads = threadsOption(options.threads);

    const paramsPath = options['pyradiomics-params'];
    let params: PyradiomicsParams | null = null;
    if (paramsPath !== undefined) {
      if (options.config !== undefined || options.preset !== undefined) throw new RadiomicsError('UsageError', '--pyradiomics-params sets the whole configuration; it cannot be combined with --config or --preset', { option: 'pyradiomics-params' });
      params = parsePyradiomicsParams(readText(String(paramsPath)), { file: String(paramsPath) });
      for (const u of params.unsupported) process.stderr.write(`radiomics: warning: ${paramsPath}: ${u.key} = ${JSON.stringify(u.value)} not mapped: ${u.reason}\n`);
    }
    const kernelRadius = options['kernel-radius'] !== undefined ? wholeNumber(options['kernel-radius'], 'kernel-radius') : params?.maps?.kernelRadius;
    if (kernelRadius === undefined) throw new RadiomicsError('UsageError', 'maps needs --kernel-radius R (or kernelRadius in the --pyradiomics-params file)', { option: 'kernel-radius' });
    const maskedKernel = options['masked-kernel'] !== undefined ? booleanOption(options['masked-kernel'], 'masked-kernel') : params?.maps?.maskedKernel ?? true;
    const labelOption = options.label ?? params?.label ?? undefined;
    const label = labelOption === undefined ? 1 : Number(labelOption);
    if (!Number.isFinite(label)) throw new RadiomicsError('UsageError', `--label must be a number, got "${options.label}"`, { option: 'label' });

    let config: ConfigInput = params !== null ? withoutRoiLevelFamilies(params.config as ConfigInput) : options.config === undefined ? {} : ((await readConfigFile(String(options.config))) as ConfigInput);
    if (options.family !== undefined) config = { ...config, families: familiesOption(options.family) };
    const features = options.features === undefined ? undefined : listOption(options.features, 'features');

    // Checked before any voxel is read: the output folder must not hold anything to be replaced.
    if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new RadiomicsError('WriteFailed', `${outDir}: --out-dir exists and is not empty; maps are written to a new (or empty) folder`, { file: outDir });

    // Started before the files are read, so that the worker threads load the library meanwhile.
    const extractor = createExtractor({ threads });
    const bar = kernelBar(process.stderr);
    let result: MapsResult;
    try {
      const image = readVolume(imagePath);
      const mask = readMask(maskPath, label);
      result = await extractor.extractMaps(image, mask, config, {
        kernelRadius,
        maskedKernel,
        features,
        outsideValue: params?.maps?.outsideValue,
        preset: options.preset === undefined ? undefined : String(options.preset),
        imageFile: imagePath,
        maskFile: maskPath,
        sha256,
        onProgress: bar.update,
      });
    } finally {
      await extractor.close();
    }
    bar.finish(result.voxels.length, result.maps.length);
    const names = columnNames === 'pyradiomics' ? pyradiomicsColumnNames(params?.naming) : null;
    writeMapsFolder(outDir, result, (id) => names?.get(id) ?? id, params === null ? null : { file: String(paramsPath), unsupported: params.unsupported, notes: params.notes });
    process.stderr.write(`radiomics: wrote ${result.maps.length} maps to ${outDir}\n`);
    return 0;
  },
};

/**
 * The maps as DIR/<name>.nii.gz (float32, the processed image's grid) and DIR/provenance.json, written
 * into a temporary folder beside DIR that is renamed to DIR at the end: DIR appears whole or not at all.
 */
function writeMapsFolder(outDir: string, result: MapsResult, nameOf: (id: string) => string, pyradiomics: object | null): void {
  const tmp = join(dirname(outDir), `.${basename(outDir)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    mkdirSync(tmp, { recursive: true });
    const files: { id: string; file: string; ibsi: string | null; undefinedKernels: number }[] = [];
    const used = new Set<string>();
    for (const map of result.maps) {
      const file = `${fileNameOf(nameOf(map.id))}.nii.gz`;
      if (used.has(file)) throw new RadiomicsError('InternalError', `two maps would be written to ${file}`, { file });
      used.add(file);
      // One full-grid volume at a time: memory stays at the maps' values plus one volume.
      writeFileSync(join(tmp, file), writeNifti(mapVolume(result, map, 'float32'), { gzip: true }));
      files.push({ id: map.id, file, ibsi: map.ibsi, undefinedKernels: map.undefinedKernels });
    }
    const provenance = {
      ...result.provenance,
      maps: { kernelRadius: result.kernel.radius, maskedKernel: result.kernel.masked, outsideValue: Number.isNaN(result.outsideValue) ? 'NaN' : result.outsideValue, roiVoxels: result.voxels.length, grid: result.grid, files },
      warnings: result.warnings,
      ...(pyradiomics === null ? {} : { pyradiomics }),
    };
    writeFileSync(join(tmp, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
    if (existsSync(outDir)) rmSync(outDir, { recursive: false, force: true });
    renameSync(tmp, outDir);
  } catch (cause) {
    rmSync(tmp, { recursive: true, force: true });
    if (cause instanceof RadiomicsError) throw cause;
    throw new RadiomicsError('WriteFailed', `${outDir}: cannot write the maps: ${(cause as Error).message}`, { file: outDir }, { cause });
  }
}

/** A feature id as a file name: characters other than letters, digits, '.', '_' and '-' become '_' (an image type's ':' included). */
function fileNameOf(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** PyRadiomics' families include shape (our morph), which has no voxel-wise maps (PyRadiomics skips it too). */
function withoutRoiLevelFamilies(config: ConfigInput): ConfigInput {
  return { ...config, families: (config.families ?? FAMILY_NAMES).filter((f) => f !== 'morph' && f !== 'li') as FamilyName[] };
}

/**
 * A progress bar of kernels on stderr: redrawn in place on a terminal (at most every 100 ms), else a
 * line at each tenth.
 */
function kernelBar(stream: NodeJS.WriteStream) {
  const start = performance.now();
  let last = 0;
  let tenth = 0;
  return {
    update: (done: number, total: number) => {
      const elapsed = (performance.now() - start) / 1000;
      const eta = done === 0 ? '?' : formatDuration((elapsed / done) * (total - done));
      if (stream.isTTY) {
        const now = performance.now();
        if (now - last < 100 && done < total) return;
        last = now;
        const width = 30;
        const filled = Math.round((width * done) / Math.max(total, 1));
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} kernels  ETA ${eta}\x1b[K`);
      } else if (total > 0 && Math.floor((10 * done) / total) > tenth) {
        tenth = Math.floor((10 * done) / total);
        stream.write(`[${done}/${total} kernels] ETA ${eta}\n`);
      }
    },
    finish: (kernels: number, maps: number) => {
      if (stream.isTTY) stream.write('\n');
      stream.write(`${kernels} kernels, ${maps} maps in ${formatDuration((performance.now() - start) / 1000)}\n`);
    },
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RadiomicsError('FileNotFound', `${path}: cannot read the PyRadiomics parameter file`, { file: path }, { cause });
  }
}

function wholeNumber(value: string | true, name: string): number {
  const n = Number(value);
  if (value === true || !Number.isInteger(n) || n < 1) throw new RadiomicsError('UsageError', `--${name} must be a whole number >= 1, got "${value === true ? '' : value}"`, { option: name });
  return n;
}

/** --threads: threads for the maps (default 1; the maps are the same bits for any number). */
function threadsOption(value: string | true | undefined): number {
  return value === undefined ? 1 : wholeNumber(value, 'threads');
}

function booleanOption(value: string | true, name: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new RadiomicsError('UsageError', `--${name} must be true or false, got "${value === true ? '' : value}"`, { option: name });
}

function listOption(value: string | true, name: string): string[] {
  if (value === true) throw new RadiomicsError('UsageError', `option --${name} needs a value`, { option: name });
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function familiesOption(value: string | true): FamilyName[] {
  const list = listOption(value, 'family');
  const bad = list.filter((f) => !(FAMILY_NAMES as readonly string[]).includes(f));
  if (bad.length > 0) throw new RadiomicsError('UsageError', `--family: unknown famil${bad.length > 1 ? 'ies' : 'y'} ${bad.join(', ')}; families: ${FAMILY_NAMES.join(', ')}`, { option: 'family' });
  return list as FamilyName[];
}
