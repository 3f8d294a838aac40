import { RadiomicsError } from '../errors.js';
import { combatApply, combatDataForModel, combatDataFromTable, combatFit, formatCsv, harmonisationReport, parseCombatModel, type CombatModel } from '../index.js';
import { writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import type { Command } from './common.js';
import { cellOf, listOption, readCsvFile, readJsonFile } from './files.js';

/** `radiomics harmonize`: ComBat across batches (fit, or apply a saved model), writing the harmonised table. */
export const harmonizeCommand: Command = {
  usage: `radiomics harmonize --in FILE.csv --batch COL [--covariates a,b] [--categorical b] [--exclude c,d]
                    [--nonparametric] [--no-eb] [--mean-only] [--ref-batch X] [--drop-missing]
                    --out FILE.csv [--model OUT.json | --apply IN.json] [--report FILE.html]`,
  run(argv) {
    const { options } = parseArgs(['harmonize', ...argv], ['in', 'batch', 'covariates', 'categorical', 'ref-batch', 'exclude', 'out', 'model', 'apply', 'report'], ['nonparametric', 'no-eb', 'mean-only', 'drop-missing', 'debug']);
    for (const name of ['in', 'batch', 'out']) {
      if (typeof options[name] !== 'string') throw new RadiomicsError('UsageError', `harmonize needs --${name}${name === 'batch' ? ' COLUMN' : ' FILE'}`, { option: name });
    }
    const file = String(options.in);
    const batch = String(options.batch);
    const table = readCsvFile(file);
    let model: CombatModel;
    let featureColumns: readonly number[];
    let harmonised: Float64Array;
    let before: Float64Array;
    const warnings: string[] = [];
    if (typeof options.apply === 'string') {
      const fitOnly = ['covariates', 'categorical', 'nonparametric', 'no-eb', 'mean-only', 'ref-batch', 'model', 'drop-missing', 'exclude'].filter((o) => options[o] !== undefined);
      if (fitOnly.length > 0) throw new RadiomicsError('UsageError', `--apply uses the saved model's settings; drop --${fitOnly.join(', --')}`, { option: fitOnly[0] });
      model = parseCombatModel(readJsonFile(options.apply));
      const t = combatDataForModel(table, model, batch);
      featureColumns = t.featureColumns;
      before = t.data.values;
      harmonised = combatApply(model, t.data);
    } else {
      const t = combatDataFromTable(table, { batch, covariates: listOption(options.covariates), categorical: listOption(options.categorical), dropMissing: options['drop-missing'] === true, exclude: listOption(options.exclude) });
      if (t.dropped.length > 0) warnings.push(`${t.dropped.length} feature(s) with missing values left unchanged: ${t.dropped.slice(0, 10).join(', ')}${t.dropped.length > 10 ? ', ...' : ''}`);
      const fit = combatFit(t.data, {
        parametric: options.nonparametric !== true,
        eb: options['no-eb'] !== true,
        meanOnly: options['mean-only'] === true,
        refBatch: typeof options['ref-batch'] === 'string' ? options['ref-batch'] : null,
      });
      warnings.push(...fit.warnings);
      model = fit.model;
      featureColumns = t.featureColumns;
      before = t.data.values;
      harmonised = fit.harmonised;
      if (typeof options.model === 'string') writeFileAtomic(options.model, `${JSON.stringify(model, null, 1)}\n`);
    }
    for (const w of warnings) process.stderr.write(`radiomics: warning: ${w}\n`);
    const p = featureColumns.length;
    const rows = table.rows.map((r, i) => {
      const out = [...r];
      featureColumns.forEach((c, j) => { out[c] = cellOf(harmonised[i * p + j]); });
      return out;
    });
    writeFileAtomic(String(options.out), formatCsv({ header: table.header, rows }));
    if (typeof options.report === 'string') {
      const features = featureColumns.map((c) => table.header[c]);
      const batchIndex = table.header.indexOf(batch);
      writeFileAtomic(options.report, harmonisationReport({ model, features, batch: table.rows.map((r) => r[batchIndex]), before, after: harmonised, warnings }, { title: 'ComBat harmonisation', details: { input: file, batch, mode: typeof options.apply === 'string' ? `apply ${options.apply}` : 'fit and transform' } }));
    }
    return 0;
  },
};
