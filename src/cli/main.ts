import { RadiomicsError, isRadiomicsError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Command } from './common.js';
import { BATCH_V8_FLAGS, relaunchWith, startedWith } from './relaunch.js';

interface CommandEntry {
  readonly load: () => Promise<Command>;
  /** V8 flags the command's process must be started with (see relaunch.ts). */
  readonly v8Flags?: readonly string[];
}

/**
 * Every command, one line each; a new command is one file in src/cli/ and one row here. A command's
 * module is imported only when it runs, so a process loads its own command's code and no other. A
 * command with V8 flags is relaunched before its code loads: the first process, which only waits for
 * the second, then stays at Node's own start-up (measured: ~0.13 s instead of ~0.28 s with every
 * command loaded, per `radiomics batch` run).
 */
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  extract: { load: async () => (await import('./extract.js')).extractCommand },
  maps: { load: async () => (await import('./maps.js')).mapsCommand },
  batch: { load: async () => (await import('./batch.js')).batchCommand, v8Flags: BATCH_V8_FLAGS },
  merge: { load: async () => (await import('./merge.js')).mergeCommand },
  features: { load: async () => (await import('./features.js')).featuresCommand },
  presets: { load: async () => (await import('./presets.js')).presetsCommand },
  robustness: { load: async () => (await import('./robustness.js')).robustnessCommand },
  agreement: { load: async () => (await import('./agreement.js')).agreementCommand },
  harmonize: { load: async () => (await import('./harmonize.js')).harmonizeCommand },
  dicom: { load: async () => (await import('./dicom.js')).dicomCommand },
  dicomweb: { load: async () => (await import('./dicomweb.js')).dicomwebCommand },
};

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((c) => c.load()));
  return `radiomics ${VERSION}: IBSI-compliant radiomic features

usage:
${commands.map((c) => `  ${c.usage}`).join('\n')}
  radiomics --version | --help

Errors print one line "radiomics: <Code>: <message>" and exit 1 (2 for usage errors); --out is
written atomically and never left half-written.`;
}

async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${await help()}\n`);
      return 0;
    }
    if (argv.includes('--version')) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const entry = Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
    if (entry === undefined) throw new RadiomicsError('UsageError', `unknown command "${argv[0]}"; commands: ${Object.keys(COMMANDS).join(', ')}`, { command: argv[0] });
    if (entry.v8Flags !== undefined && !startedWith(entry.v8Flags)) return await relaunchWith(entry.v8Flags);
    return await (await entry.load()).run(argv.slice(1));
  } catch (error) {
    const e = isRadiomicsError(error) ? error : new RadiomicsError('InternalError', (error as Error)?.message ?? String(error), {}, { cause: error });
    process.stderr.write(`radiomics: ${e.code}: ${e.message}\n`);
    if (debug) process.stderr.write(`${(e.cause as Error | undefined)?.stack ?? e.stack}\n`);
    return e.code === 'UsageError' ? 2 : 1;
  }
}

// A reader that closes the pipe early (`radiomics features | head`) ends the output, which is no error: stop
// quietly. Any other failure to write stdout is WriteFailed, one line, as every CLI error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`radiomics: WriteFailed: standard output: ${error.message}\n`);
  process.exit(error.code === 'EPIPE' ? 0 : 1);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
