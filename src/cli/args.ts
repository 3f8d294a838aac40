import { RadiomicsError } from '../errors.js';

/** Parsed command line: the command, its --options (last one wins) and positionals. */
export interface ParsedArgs {
  readonly command: string | null;
  readonly options: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `command --key value --flag` against the option names the command accepts; `flags` take no
 * value. An unknown option is a UsageError naming it.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  let command: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = a.slice(2, eq === -1 ? undefined : eq);
      if (flags.includes(key)) {
        options[key] = true;
      } else if (valued.includes(key)) {
        const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
        if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new RadiomicsError('UsageError', `option --${key} needs a value`, { option: key });
        options[key] = value;
      } else {
        throw new RadiomicsError('UsageError', `unknown option --${key}; see radiomics --help`, { option: key });
      }
    } else if (command === null) command = a;
    else positionals.push(a);
  }
  return { command, options, positionals };
}
