import { existsSync, readFileSync } from 'node:fs';
import { RadiomicsError, describeThrown } from '../errors.js';
import { MAX_FLOW_NESTING, flowNestingDepth, isCyclic } from '../util/nesting.js';

/** A CLI command: its one-line usage for --help and its runner (argv after the command name -> exit code). */
export interface Command {
  readonly usage: string;
  readonly run: (argv: readonly string[]) => number | Promise<number>;
}

/** Reads a JSON or YAML (by extension) config file; a missing or unparsable file is a typed error naming it. */
export async function readConfigFile(path: string): Promise<unknown> {
  if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: config file not found`, { file: path });
  return parseConfigText(readFileSync(path, 'utf8'), path);
}

/**
 * A config file's text, as YAML or JSON by the extension of `path`. Anything the parser throws (syntax
 * errors, alias bombs past its limit, nesting deep enough to overflow the stack) is 'InvalidConfig'
 * naming the file; so is a document that is not a mapping (an empty one is the defaults). The YAML
 * parser is imported for a YAML file only: a command given a JSON config (or none) never loads it.
 */
export async function parseConfigText(text: string, path: string): Promise<unknown> {
  const yaml = /\.ya?ml$/i.test(path);
  const depth = flowNestingDepth(text);
  if (depth > MAX_FLOW_NESTING) throw new RadiomicsError('InvalidConfig', `${path}: lists or mappings nested ${depth} deep (at most ${MAX_FLOW_NESTING})`, { file: path, depth });
  let doc: unknown;
  try {
    doc = yaml ? (await import('./yaml.js')).parseYaml(text, { logLevel: 'error' }) : JSON.parse(text);
  } catch (cause) {
    throw new RadiomicsError('InvalidConfig', `${path}: not valid ${yaml ? 'YAML' : 'JSON'}: ${describeThrown(cause)}`, { file: path }, { cause });
  }
  if (isCyclic(doc)) throw new RadiomicsError('InvalidConfig', `${path}: the document contains itself (a YAML alias inside its own anchor)`, { file: path });
  if (doc === null || doc === undefined) return {}; // an empty file: the defaults
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RadiomicsError('InvalidConfig', `${path}: a config file must hold a mapping of options, not ${Array.isArray(doc) ? 'a list' : typeof doc}`, { file: path });
  }
  return doc;
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
