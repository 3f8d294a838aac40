import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { RadiomicsError, isRadiomicsError } from '../errors.js';
import { extract, FAMILIES, PRESETS, toCsv, toJson, toTable, VERSION, type ConfigInput } from '../index.js';
import { readMask, readVolume, writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';

const HELP = `radiomics ${VERSION}: IBSI-compliant radiomic features

usage:
  radiomics extract --image FILE --mask FILE [--label N] [--config FILE.json|.yaml] [--preset NAME]
                    [--format json|csv|table] [--out FILE] [--debug]
  radiomics features [--family NAME]     list every feature with its IBSI code
  radiomics presets                      list presets
  radiomics --version | --help

Errors print one line "radiomics: <Code>: <message>" and exit 1 (2 for usage errors); --out is
written atomically and never left half-written.`;

function main(argv: readonly string[]): number {
  const debug = argv.includes('--debug');
  try {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (argv.includes('--version')) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const command = argv[0];
    switch (command) {
      case 'extract':
        return runExtract(argv.slice(1));
      case 'features':
        return runFeatures(argv.slice(1));
      case 'presets':
        for (const [name, p] of Object.entries(PRESETS)) process.stdout.write(`${name}\n  ${p.description}\n`);
        return 0;
      default:
        throw new RadiomicsError('UsageError', `unknown command "${command}"; commands: extract, features, presets`, { command });
    }
  } catch (error) {
    const e = isRadiomicsError(error) ? error : new RadiomicsError('InternalError', (error as Error)?.message ?? String(error), {}, { cause: error });
    process.stderr.write(`radiomics: ${e.code}: ${e.message}\n`);
    if (debug) process.stderr.write(`${(e.cause as Error | undefined)?.stack ?? e.stack}\n`);
    return e.code === 'UsageError' ? 2 : 1;
  }
}

function runExtract(argv: readonly string[]): number {
  const { options } = parseArgs(['extract', ...argv], ['image', 'mask', 'label', 'config', 'preset', 'format', 'out'], ['debug']);
  const imagePath = required(options.image, 'image');
  const maskPath = required(options.mask, 'mask');
  const label = options.label === undefined ? 1 : Number(options.label);
  if (!Number.isFinite(label)) throw new RadiomicsError('UsageError', `--label must be a number, got "${options.label}"`, { option: 'label' });
  const format = (options.format ?? 'json') as string;
  if (!['json', 'csv', 'table'].includes(format)) throw new RadiomicsError('UsageError', `--format must be json, csv or table, got "${format}"`, { option: 'format' });
  const config = options.config === undefined ? {} : readConfigFile(String(options.config));
  const preset = options.preset === undefined ? undefined : String(options.preset);

  const image = readVolume(imagePath);
  const mask = readMask(maskPath, label);
  const result = extract(image, mask, config as ConfigInput, { preset, imageFile: imagePath, maskFile: maskPath });
  const text = format === 'json' ? toJson(result) : format === 'csv' ? toCsv([{ id: caseId(imagePath), result }]) : toTable(result);
  if (options.out === undefined) process.stdout.write(text);
  else writeFileAtomic(String(options.out), text);
  return 0;
}

function runFeatures(argv: readonly string[]): number {
  const { options } = parseArgs(['features', ...argv], ['family'], []);
  for (const [name, family] of Object.entries(FAMILIES)) {
    if (options.family !== undefined && options.family !== name) continue;
    process.stdout.write(`${name}  ${family.title} [${family.ibsi}]\n`);
    for (const [key, def] of Object.entries(family.features as Record<string, { name: string; ibsi: string | null }>)) {
      process.stdout.write(`  ${name}.${key}  ${def.ibsi ?? '-'}  ${def.name}\n`);
    }
  }
  return 0;
}

function readConfigFile(path: string): unknown {
  if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: config file not found`, { file: path });
  const text = readFileSync(path, 'utf8');
  try {
    return /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new RadiomicsError('InvalidConfig', `${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(cause as Error).message.split('\n')[0]}`, { file: path }, { cause });
  }
}

function required(value: string | true | undefined, name: string): string {
  if (typeof value !== 'string') throw new RadiomicsError('UsageError', `extract needs --${name} FILE`, { option: name });
  return value;
}

function caseId(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.(nii\.gz|nii|nrrd|nhdr|dcm)$/i, '');
}

process.exitCode = main(process.argv.slice(2));
