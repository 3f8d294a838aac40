import { PRESETS } from '../index.js';
import type { Command } from './common.js';

/** `radiomics presets`: the named configurations (IBSI digital phantom, configurations A-E). */
export const presetsCommand: Command = {
  usage: 'radiomics presets                      list presets',
  run() {
    for (const [name, p] of Object.entries(PRESETS)) process.stdout.write(`${name}\n  ${p.description}\n`);
    return 0;
  },
};
