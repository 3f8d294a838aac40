import { RadiomicsError } from '../errors.js';
import { agreementFromTable, agreementReport, formatCsv, ICC_TYPES } from '../index.js';
import { writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import type { Command } from './common.js';
import { cellOf, listOption, numberOption, readCsvFile } from './files.js';
import { iccOption } from './robustness.js';

/** `radiomics agreement`: ICCs (all six, with CIs), CCC and wCV per feature of a test-retest or multi-scanner table. */
export const agreementCommand: Command = {
  usage: `radiomics agreement --in FILE.csv --subject COL --repeat COL [--exclude a,b] [--icc 1,1] [--threshold 0.9]
                    [--alpha 0.05] --out FILE.csv|.json [--report FILE.html]`,
  run(argv) {
    const { options } = parseArgs(['agreement', ...argv], ['in', 'subject', 'repeat', 'exclude', 'icc', 'threshold', 'alpha', 'out', 'report'], ['debug']);
    for (const name of ['in', 'subject', 'repeat', 'out']) {
      if (typeof options[name] !== 'string') throw new RadiomicsError('UsageError', `agreement needs --${name}${name === 'in' || name === 'out' ? ' FILE' : ' COLUMN'}`, { option: name });
    }
    const file = String(options.in);
    const icc = iccOption(options.icc);
    const threshold = numberOption(options.threshold, 'threshold', 0.9);
    const alpha = numberOption(options.alpha, 'alpha', 0.05);
    const result = agreementFromTable(readCsvFile(file), { subject: String(options.subject), repeat: String(options.repeat), icc, threshold, alpha, exclude: listOption(options.exclude) });
    for (const w of result.warnings) process.stderr.write(`radiomics: warning: ${w.code}: ${w.message}\n`);
    const out = String(options.out);
    if (out.toLowerCase().endsWith('.json')) {
      // Undefined statistics are null (a constant feature: every ICC, bound, CCC, wCV and robust).
      const features = result.features.map((f) => ({ id: f.id, family: f.family, icc: f.agreement?.icc ?? null, ccc: f.agreement?.ccc ?? null, wcv: f.agreement?.wcv ?? null, robust: f.robust, note: f.note }));
      writeFileAtomic(out, `${JSON.stringify({ icc: result.icc, threshold: result.threshold, subjects: result.subjects, repeats: result.repeats, features, warnings: result.warnings }, null, 2)}\n`);
    } else {
      const head = ['feature', 'family', 'n', 'k', ...ICC_TYPES.flatMap((t) => [t, `${t} lower`, `${t} upper`]), 'ccc', 'wcv', 'robust', 'note'];
      const rows = result.features.map((f) => {
        const a = f.agreement;
        return [f.id, f.family ?? '', String(result.subjects.length), String(result.repeats.length), ...ICC_TYPES.flatMap((t) => [cellOf(a?.icc[t].value), cellOf(a?.icc[t].lower), cellOf(a?.icc[t].upper)]), cellOf(a?.ccc), cellOf(a?.wcv), f.robust === null ? '' : String(f.robust), f.note ?? ''];
      });
      writeFileAtomic(out, formatCsv({ header: head, rows }));
    }
    if (typeof options.report === 'string') {
      writeFileAtomic(options.report, agreementReport(result, { title: 'Feature agreement', details: { input: file, subject: String(options.subject), repeat: String(options.repeat), 'robust if': `${icc} >= ${threshold}` } }));
    }
    return 0;
  },
};
