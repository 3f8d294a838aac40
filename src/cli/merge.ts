import { existsSync, readFileSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';
import { writeFileAtomic } from '../node.js';
import { parseArgs } from './args.js';
import { required, type Command } from './common.js';
import { assembleCsv, parseCsv, tableRows, type Row } from './csv.js';
import { keyFunction, readManifest } from './manifest.js';

/**
 * `radiomics merge`: joins feature tables (e.g. the shard outputs of `batch --shard K/N`) into one.
 * Columns are the union in first-seen order; with --manifest, rows follow the manifest's order (so the
 * merged shards equal one unsharded run byte for byte), else the files' order. A case in two files is an
 * InvalidManifest error, unless one of them is a failed row (error_code set): the successful row wins.
 */
export const mergeCommand: Command = {
  usage: 'radiomics merge A.csv B.csv ... --out FILE.csv [--manifest MANIFEST.csv]',
  run(argv) {
    const { options, positionals } = parseArgs(['merge', ...argv], ['out', 'manifest'], ['debug']);
    const out = required(options.out, 'out', 'merge');
    if (positionals.length === 0) throw new RadiomicsError('UsageError', 'merge needs one or more CSV files', {});
    const rows = new Map<string, Row & { failed: boolean; file: string }>();
    for (const file of positionals) {
      if (!existsSync(file)) throw new RadiomicsError('FileNotFound', `${file}: file not found`, { file });
      const table = parseCsv(readFileSync(file, 'utf8'), file);
      if (!table.header.includes('id')) throw new RadiomicsError('InvalidManifest', `${file}: no "id" column`, { file });
      const err = table.header.indexOf('error_code');
      const list = tableRows(table, keyFunction(table.header));
      list.forEach((r, i) => {
        const failed = err !== -1 && table.rows[i][err] !== '';
        const prior = rows.get(r.key);
        if (prior !== undefined && !prior.failed && !failed) {
          throw new RadiomicsError('InvalidManifest', `${file}: id "${table.rows[i][table.header.indexOf('id')]}" is also in ${prior.file}`, { file });
        }
        if (prior === undefined || prior.failed) rows.set(r.key, { ...r, failed, file });
      });
    }
    let list: Row[] = [...rows.values()];
    if (options.manifest !== undefined) {
      const order = new Map(readManifest(String(options.manifest)).map((c, i) => [c.key, i]));
      // Stable: rows of cases not in the manifest keep their file order, after the others.
      list = list.map((r, i) => ({ r, i, o: order.get(r.key) ?? order.size + i })).sort((a, b) => a.o - b.o).map((x) => x.r);
    }
    writeFileAtomic(out, assembleCsv(list));
    process.stderr.write(`merge: ${list.length} cases from ${positionals.length} files; wrote ${out}\n`);
    return 0;
  },
};
