import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { RadiomicsError } from '../errors.js';

/** A CLI command: its one-line usage for --help and its runner (argv after the command name -> exit code). */
export interface Command {
  readonly usage: string;
  readonly run: (argv: readonly string[]) => number | Promise<number>;
}

/** Reads a JSON or YAML (by extension) config file; a missing or unparsable file is a typed error naming it. */
export function readConfigFile(path: string): unknown {
  if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: config file not found`, { file: path });
  const text = readFileSync(path, 'utf8');
  const yaml = /\.ya?ml$/i.test(path);
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new RadiomicsError('InvalidConfig', `${path}: not valid ${yaml ? 'YAML' : 'JSON'}: ${(cause as Error).message.split('\n')[0]}`, { file: path }, { cause });
  }
}

/** The value of a required --name option, else a UsageError naming the command and option. */
export function required(value: string | true | undefined, name: string, command = 'extract'): string {
  if (typeof value !== 'string') throw new RadiomicsError('UsageError', `${command} needs --${name} FILE`, { option: name });
  return value;
}

/** A case id from an image path: the file name without its image extension. */
export function caseId(path: string): string {
  const base = path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path; // a DICOM folder may end in '/'
  return base.replace(/\.(nii\.gz|nii|nrrd|nhdr|dcm)$/i, '');
}
