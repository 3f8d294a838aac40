import { RadiomicsError } from '../errors.js';
import { extract, toCsv, toJson, toTable, type ConfigInput } from '../index.js';
import { readMask, readVolume, sha256, writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import { caseId, readConfigFile, required, type Command } from './common.js';

/** `radiomics extract`: one image and mask -> features as JSON, CSV or a table. */
export const extractCommand: Command = {
  usage: `radiomics extract --image FILE --mask FILE [--label N] [--config FILE.json|.yaml] [--preset NAME]
                    [--format json|csv|table] [--out FILE] [--debug]`,
  run(argv) {
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
    const result = extract(image, mask, config as ConfigInput, { preset, imageFile: imagePath, maskFile: maskPath, sha256 });
    const text = format === 'json' ? toJson(result) : format === 'csv' ? toCsv([{ id: caseId(imagePath), result }]) : toTable(result);
    if (options.out === undefined) process.stdout.write(text);
    else writeFileAtomic(String(options.out), text);
    return 0;
  },
};
