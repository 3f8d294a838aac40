import { RadiomicsError, isRadiomicsError } from '../errors.js';
import { VERSION } from '../index.js';
import type { Command } from './common.js';
import { agreementCommand } from './agreement.js';
import { batchCommand } from './batch.js';
import { dicomCommand } from './dicom.js';
import { extractCommand } from './extract.js';
import { featuresCommand } from './features.js';
import { harmonizeCommand } from './harmonize.js';
import { mergeCommand } from './merge.js';
import { presetsCommand } from './presets.js';
import { robustnessCommand } from './robustness.js';

/** Every command, one line each; a new command is one file in src/cli/ and one row here. */
const COMMANDS: Readonly<Record<string, Command>> = {
  extract: extractCommand,
  batch: batchCommand,
  merge: mergeCommand,
  features: featuresCommand,
  presets: presetsCommand,
  robustness: robustnessCommand,
  agreement: agreementCommand,
  harmonize: harmonizeCommand,
  dicom: dicomCommand,
};

const HELP = `radiomics ${VERSION}: IBSI-compliant radiomic features

usage:
${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}
  radiomics --version | --help

Errors print one line "radiomics: <Code>: <message>" and exit 1 (2 for usage errors); --out is
written atomically and never left half-written.`;

async function main(argv: readonly string[]): Promise<number> {
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
    const command = COMMANDS[argv[0]];
    if (command === undefined) throw new RadiomicsError('UsageError', `unknown command "${argv[0]}"; commands: ${Object.keys(COMMANDS).join(', ')}`, { command: argv[0] });
    return await command.run(argv.slice(1));
  } catch (error) {
    const e = isRadiomicsError(error) ? error : new RadiomicsError('InternalError', (error as Error)?.message ?? String(error), {}, { cause: error });
    process.stderr.write(`radiomics: ${e.code}: ${e.message}\n`);
    if (debug) process.stderr.write(`${(e.cause as Error | undefined)?.stack ?? e.stack}\n`);
    return e.code === 'UsageError' ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
