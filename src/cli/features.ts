import { FAMILIES } from '../index.js';
import { parseArgs } from './args.js';
import type { Command } from './common.js';

/** `radiomics features`: every feature id with its IBSI code and name. */
export const featuresCommand: Command = {
  usage: 'radiomics features [--family NAME]     list every feature with its IBSI code',
  run(argv) {
    const { options } = parseArgs(['features', ...argv], ['family'], []);
    for (const [name, family] of Object.entries(FAMILIES)) {
      if (options.family !== undefined && options.family !== name) continue;
      process.stdout.write(`${name}  ${family.title} [${family.ibsi}]\n`);
      for (const [key, def] of Object.entries(family.features as Record<string, { name: string; ibsi: string | null }>)) {
        process.stdout.write(`  ${name}.${key}  ${def.ibsi ?? '-'}  ${def.name}\n`);
      }
    }
    return 0;
  },
};
