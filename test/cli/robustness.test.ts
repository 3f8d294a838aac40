/**
 * `radiomics robustness`, `agreement` and `harmonize` end to end through the built CLI (npm test builds
 * first): on the IBSI CT phantom (a cheap config, few repeats) and on a generated multi-scanner feature
 * table; their HTML reports open in headless Chromium without console errors or network requests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createVolume } from '../../src/index.js';
import { readVolume, writeVolume } from '../../src/node.js';
import { parseCsv, type CsvTable } from '../../src/util/csv.js';
import { browserAvailable, launchChromium } from '../helpers/chromium.js';
import { FEATURES, multiScannerCsv } from '../helpers/multiscanner.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CT = join(ROOT, 'fixtures/ibsi1-ct-phantom/image.nii.gz');
const CT_MASK = join(ROOT, 'fixtures/ibsi1-ct-phantom/mask.nii.gz');
const tmp = mkdtempSync(join(tmpdir(), 'radiomics-robust-'));
const CONFIG = join(tmp, 'cheap.yaml');
writeFileSync(CONFIG, 'families: [stat, ih, glcm]\ndiscretisation:\n  method: fixedBinNumber\n  bins: 16\nglcm:\n  aggregations: [3D_merged]\n');

function radiomics(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radiomics.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function csv(path: string): CsvTable {
  return parseCsv(readFileSync(path, 'utf8'));
}

function column(t: CsvTable, name: string): string[] {
  const i = t.header.indexOf(name);
  return t.rows.map((r) => r[i]);
}

const reports: Record<string, string> = {};

/** Feature ids named by ConstantFeature warnings on stderr; fails on any other warning line. */
function warnedConstant(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l !== '' && !/warning: SingleSubject: /.test(l));
  for (const l of lines) expect(l).toMatch(/^radiomics: warning: ConstantFeature: \S+ is constant \(up to rounding\) over all /);
  return lines.map((l) => (l.match(/ConstantFeature: (\S+) is constant/) as RegExpMatchArray)[1]);
}

describe('radiomics robustness on the IBSI CT phantom', () => {
  test('one case, --perturb N,R,T,C,V --repeats 2: wCV per feature, a note that ICCs need 2 subjects, the perturbed table', () => {
    const out = join(tmp, 'single.csv');
    const table = join(tmp, 'single-table.csv');
    reports.robustnessSingle = join(tmp, 'single.html');
    const r = radiomics('robustness', '--image', CT, '--mask', CT_MASK, '--perturb', 'N,R,T,C,V', '--repeats', '2', '--seed', '3', '--config', CONFIG, '--out', out, '--table', table, '--report', reports.robustnessSingle);
    expect(r.stderr).toMatch(/warning: SingleSubject: one case only/);
    expect(r.code).toBe(0);
    const t = csv(out);
    expect(t.header).toEqual(['feature', 'family', 'ibsi', 'icc', 'icc_lower', 'icc_upper', 'wcv', 'robust', 'note']);
    expect(column(t, 'feature')).toContain('stat.mean');
    expect(column(t, 'icc').every((v) => v === '')).toBe(true);
    expect(column(t, 'wcv').filter((v) => v !== '').length).toBeGreaterThan(30);
    // 16 fixed bins: the lowest grey level is 1 in every copy, a constant: no wCV, named in a warning
    const constant = warnedConstant(r.stderr);
    expect(constant).toContain('ih.minimum');
    for (const id of constant) {
      const row = t.rows[column(t, 'feature').indexOf(id)];
      expect(row.slice(3, 8), id).toEqual(['', '', '', '', '']);
      expect(row[8], id).toMatch(/^constant/);
    }
    const runs = csv(table);
    expect(runs.rows.map((row) => row.slice(0, 2))).toEqual([['image', '0'], ['image', '1']]);
  }, 120_000);

  test('same --seed, same output (bit-identical CSV); another seed differs', () => {
    const run = (seed: string, name: string) => {
      const out = join(tmp, name);
      expect(radiomics('robustness', '--image', CT, '--mask', CT_MASK, '--perturb', 'T,V', '--repeats', '2', '--seed', seed, '--config', CONFIG, '--out', out).code).toBe(0);
      return readFileSync(out, 'utf8');
    };
    const a = run('5', 'a.csv');
    expect(run('5', 'b.csv')).toBe(a);
    expect(run('6', 'c.csv')).not.toBe(a);
  }, 120_000);

  test('--jobs 3 (perturbed copies on worker threads) writes the same bytes as --jobs 1: summary, table and JSON', () => {
    const run = (jobs: string, ext: string) => {
      const out = join(tmp, `jobs${jobs}.${ext}`);
      const table = join(tmp, `jobs${jobs}-table.csv`);
      expect(radiomics('robustness', '--image', CT, '--mask', CT_MASK, '--perturb', 'N,R,T,C,V', '--repeats', '3', '--seed', '2', '--config', CONFIG, '--out', out, '--table', table, '--jobs', jobs).code).toBe(0);
      return [readFileSync(out, 'utf8'), readFileSync(table, 'utf8')];
    };
    expect(run('3', 'csv')).toEqual(run('1', 'csv'));
    expect(run('3', 'json')).toEqual(run('1', 'json'));
  }, 120_000);

  test.each(['0', '1.5'])('--jobs %s is a usage error', (jobs) => {
    const r = radiomics('robustness', '--image', CT, '--mask', CT_MASK, '--perturb', 'T', '--out', join(tmp, 'j.csv'), '--jobs', jobs);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a whole number >= 1/);
  });

  test('a cohort (--cases: the GTV and a shifted ROI), --perturb N,T,V --repeats 3: ICC(1,1) with 95% CI and robust flags', () => {
    // second "subject": the same phantom with the ROI moved 30 voxels in x (a different region of the phantom)
    const mask = readVolume(CT_MASK);
    const [nx, ny, nz] = mask.shape;
    const moved = new Uint8Array(nx * ny * nz);
    const src = mask.voxels.data as Uint8Array;
    for (let i = 0; i < src.length; i++) if (src[i] === 1 && (i % nx) + 30 < nx) moved[i + 30] = 1;
    writeVolume(join(tmp, 'moved.nii.gz'), createVolume({ data: moved, shape: mask.shape, spacing: mask.spacing, origin: mask.origin, direction: mask.direction }));
    writeFileSync(join(tmp, 'cases.csv'), `id,image,mask\ngtv,${CT},${CT_MASK}\nshifted,${CT},moved.nii.gz\n`);
    const out = join(tmp, 'cohort.json');
    reports.robustnessCohort = join(tmp, 'cohort.html');
    const r = radiomics('robustness', '--cases', join(tmp, 'cases.csv'), '--perturb', 'N,T,V', '--repeats', '3', '--seed', '1', '--config', CONFIG, '--out', out, '--table', join(tmp, 'cohort-table.csv'), '--report', reports.robustnessCohort);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    // Constant features (the lowest grey level is 1 in every copy of both subjects): null, never robust,
    // one typed warning each in the JSON and on stderr, grey rows in the report.
    const constant = warnedConstant(r.stderr);
    expect(constant).toContain('ih.minimum');
    expect(result.warnings.filter((w: { code: string }) => w.code === 'ConstantFeature').map((w: { feature: string }) => w.feature)).toEqual(constant);
    for (const id of constant) {
      const f = result.features.find((x: { id: string }) => x.id === id);
      expect([f.icc.value, f.icc.lower, f.icc.upper, f.icc.f, f.icc.p, f.wcv, f.robust], id).toEqual([null, null, null, null, null, null, null]);
      expect(f.note).toMatch(/^constant/);
    }
    const html = readFileSync(reports.robustnessCohort, 'utf8');
    for (const id of constant) expect(html).toMatch(new RegExp(`<tr class="undefined"><td>${id.replace(/\./g, '\\.')}</td>.*?<td>undefined</td>`));
    expect(html).not.toMatch(/<tr class="undefined">(?:(?!<\/tr>).)*<td>(yes|no)<\/td>/);
    expect(result.icc).toBe('ICC(1,1)');
    const mean = result.features.find((f: { id: string }) => f.id === 'stat.mean');
    expect(mean.icc.df1).toBe(1);
    expect(mean.icc.df2).toBe(4);
    expect(mean.icc.lower).toBeLessThan(mean.icc.value);
    expect(result.features.filter((f: { robust: boolean | null }) => f.robust !== null).length).toBeGreaterThan(30);
    expect(result.runs).toHaveLength(6);
  }, 120_000);

  test('radiomics agreement on the perturbed CT table (subject x repeat): all six ICCs per feature', () => {
    const out = join(tmp, 'ct-agreement.csv');
    reports.agreementCt = join(tmp, 'ct-agreement.html');
    const r = radiomics('agreement', '--in', join(tmp, 'cohort-table.csv'), '--subject', 'subject', '--repeat', 'repeat', '--out', out, '--report', reports.agreementCt);
    expect(warnedConstant(r.stderr)).toContain('ih.minimum');
    expect(r.code).toBe(0);
    const t = csv(out);
    expect(t.header.slice(0, 7)).toEqual(['feature', 'family', 'n', 'k', 'ICC(1,1)', 'ICC(1,1) lower', 'ICC(1,1) upper']);
    const row = t.rows[column(t, 'feature').indexOf('stat.mean')];
    expect(row.slice(2, 4)).toEqual(['2', '3']);
    expect(Number(row[4])).toBeGreaterThan(-1);
  });

  test('radiomics harmonize on the perturbed CT table (batch = repeat, mean-only): runs and writes a report', () => {
    const out = join(tmp, 'ct-harmonised.csv');
    reports.harmonizeCt = join(tmp, 'ct-harmonised.html');
    const r = radiomics('harmonize', '--in', join(tmp, 'cohort-table.csv'), '--batch', 'repeat', '--mean-only', '--no-eb', '--out', out, '--report', reports.harmonizeCt);
    expect(r.code).toBe(0);
    const t = csv(out);
    expect(t.header).toEqual(csv(join(tmp, 'cohort-table.csv')).header);
    expect(column(t, 'subject')).toEqual(['gtv', 'gtv', 'gtv', 'shifted', 'shifted', 'shifted']);
  });
});

describe('a generated multi-scanner table (30 subjects x 3 scanners)', () => {
  const input = join(tmp, 'scanners.csv');
  writeFileSync(input, multiScannerCsv(1));

  test('radiomics agreement --subject subject --repeat scanner: small scanner effects robust, large ones not', () => {
    const out = join(tmp, 'scanners-agreement.csv');
    reports.agreementScanners = join(tmp, 'scanners-agreement.html');
    const r = radiomics('agreement', '--in', input, '--subject', 'subject', '--repeat', 'scanner', '--exclude', 'age', '--icc', '2,1', '--out', out, '--report', reports.agreementScanners);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const t = csv(out);
    const robust = Object.fromEntries(t.rows.map((row) => [row[0], row[t.header.indexOf('robust')]]));
    expect(robust).toEqual({ 'stat.mean': 'true', 'morph.volume': 'true', 'glcm.contrast.3D_merged.d1': 'false', 'ngtdm.busyness.3D': 'false', 'ih.entropy': 'false' });
    // without --exclude, the numeric age column would count as a feature
  });

  test('radiomics harmonize --batch scanner --covariates age,sex --categorical sex --model: scanner means converge; --apply reproduces it', () => {
    const out = join(tmp, 'scanners-harmonised.csv');
    const model = join(tmp, 'combat.json');
    reports.harmonizeScanners = join(tmp, 'scanners-harmonised.html');
    const r = radiomics('harmonize', '--in', input, '--batch', 'scanner', '--covariates', 'age,sex', '--categorical', 'sex', '--out', out, '--model', model, '--report', reports.harmonizeScanners);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const before = csv(input);
    const after = csv(out);
    expect(after.header).toEqual(before.header);
    expect(column(after, 'id')).toEqual(column(before, 'id'));
    expect(column(after, 'age')).toEqual(column(before, 'age'));
    const spread = (t: CsvTable, f: string) => {
      const means = ['A', 'B', 'C'].map((s) => {
        const v = t.rows.filter((row) => row[2] === s).map((row) => Number(row[t.header.indexOf(f)]));
        return v.reduce((a, b) => a + b, 0) / v.length;
      });
      return Math.max(...means) - Math.min(...means);
    };
    // Features with a real scanner effect: the spread of scanner means shrinks >= 3x. Every feature: the spread
    // is below 0.1 of its SD. (Empirical Bayes borrows strength across only 5 features here, so it moves the
    // features without a scanner effect a little; docs/harmonisation.md explains, --no-eb avoids it.)
    for (const f of ['glcm.contrast.3D_merged.d1', 'ngtdm.busyness.3D', 'ih.entropy']) expect(spread(after, f)).toBeLessThan(spread(before, f) / 3);
    const sd = (t: CsvTable, f: string) => {
      const v = t.rows.map((row) => Number(row[t.header.indexOf(f)]));
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
    };
    for (const f of FEATURES) expect(spread(after, f.id)).toBeLessThan(0.1 * sd(before, f.id));
    const noEb = join(tmp, 'scanners-no-eb.csv');
    expect(radiomics('harmonize', '--in', input, '--batch', 'scanner', '--covariates', 'age,sex', '--categorical', 'sex', '--no-eb', '--out', noEb).code).toBe(0);
    for (const f of FEATURES) expect(spread(csv(noEb), f.id)).toBeLessThan(1e-9 * sd(before, f.id));
    const m = JSON.parse(readFileSync(model, 'utf8'));
    expect(m.format).toBe('radiomics-combat');
    expect(m.designColumns).toEqual(['age', 'sex=M']);
    const applied = join(tmp, 'scanners-applied.csv');
    expect(radiomics('harmonize', '--in', input, '--batch', 'scanner', '--apply', model, '--out', applied).code).toBe(0);
    expect(readFileSync(applied, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  test('after harmonisation the scanner-affected feature agrees better across scanners', () => {
    const icc = (file: string) => {
      const out = `${file}.agreement.csv`;
      expect(radiomics('agreement', '--in', file, '--subject', 'subject', '--repeat', 'scanner', '--out', out).code).toBe(0);
      const t = csv(out);
      return Number(t.rows[column(t, 'feature').indexOf('glcm.contrast.3D_merged.d1')][t.header.indexOf('ICC(2,1)')]);
    };
    expect(icc(join(tmp, 'scanners-harmonised.csv'))).toBeGreaterThan(icc(input) + 0.1);
  });

  test('input errors: a one-sample batch, a missing cell (and --drop-missing), an unknown column', () => {
    const lines = readFileSync(input, 'utf8').trim().split('\n');
    const one = join(tmp, 'one.csv');
    writeFileSync(one, `${[...lines, lines[1].replace(',A,', ',Z,')].join('\n')}\n`);
    const a = radiomics('harmonize', '--in', one, '--batch', 'scanner', '--out', join(tmp, 'x.csv'));
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/^radiomics: SingleSampleBatch: batch "Z" has a single sample/);
    const missing = join(tmp, 'missing.csv');
    const cells = lines[2].split(',');
    cells[6] = '';
    writeFileSync(missing, `${[lines[0], lines[1], cells.join(','), ...lines.slice(3)].join('\n')}\n`);
    const b = radiomics('harmonize', '--in', missing, '--batch', 'scanner', '--out', join(tmp, 'x.csv'));
    expect(b.stderr).toMatch(/^radiomics: MissingValues: feature "morph.volume" is empty in row 3/);
    const c = radiomics('harmonize', '--in', missing, '--batch', 'scanner', '--drop-missing', '--out', join(tmp, 'y.csv'));
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/warning: 1 feature\(s\) with missing values left unchanged: morph.volume/);
    const d = radiomics('agreement', '--in', input, '--subject', 'patient', '--repeat', 'scanner', '--out', join(tmp, 'z.csv'));
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/no subject column "patient"/);
    expect(existsSync(join(tmp, 'x.csv'))).toBe(false);
  });

  test('usage errors exit 2', () => {
    expect(radiomics('robustness', '--image', CT, '--mask', CT_MASK, '--perturb', 'X', '--out', join(tmp, 'u.csv')).code).toBe(2);
    expect(radiomics('harmonize', '--in', input, '--out', join(tmp, 'u.csv')).code).toBe(2);
    expect(radiomics('agreement', '--in', input, '--subject', 'subject', '--repeat', 'scanner', '--icc', '4,1', '--out', join(tmp, 'u.csv')).code).toBe(2);
  });
});

describe('radiomics agreement on tables with constant, near-constant and perfectly agreeing columns', () => {
  const REF = join(ROOT, 'test/robustness/reference');
  const CONSTANT = ['spacing', 'binWidth', 'constant42', 'nearConstant'];
  const ICC_COLUMNS = ['ICC(1,1)', 'ICC(2,1)', 'ICC(3,1)', 'ICC(1,k)', 'ICC(2,k)', 'ICC(3,k)'].flatMap((t) => [t, `${t} lower`, `${t} upper`]);

  test.each(['agreement-30x3', 'agreement-12x2', 'agreement-7x5'])('%s: CSV, JSON and HTML', (name) => {
    const out = join(tmp, `${name}.csv`);
    const json = join(tmp, `${name}.json`);
    const report = join(tmp, `${name}.html`);
    if (name === 'agreement-30x3') reports.agreementConstant = report;
    const r = radiomics('agreement', '--in', join(REF, `${name}.csv`), '--subject', 'subject', '--repeat', 'session', '--out', out, '--report', report);
    expect(r.code).toBe(0);
    expect(warnedConstant(r.stderr).sort()).toEqual([...CONSTANT].sort());
    const t = csv(out);
    const row = (id: string) => Object.fromEntries(t.header.map((h, c) => [h, t.rows[column(t, 'feature').indexOf(id)][c]]));
    for (const id of CONSTANT) {
      const f = row(id);
      expect([...ICC_COLUMNS, 'ccc', 'wcv', 'robust'].map((c) => f[c]), id).toEqual(new Array(ICC_COLUMNS.length + 3).fill(''));
      expect(f.note).toMatch(/^constant/);
    }
    const perfect = row('perfectAgreement');
    expect([...ICC_COLUMNS, 'ccc', 'wcv', 'robust'].map((c) => perfect[c])).toEqual([...new Array(ICC_COLUMNS.length).fill('1'), '1', '0', 'true']);
    expect(Number(row('tinyReal')['ICC(1,1)'])).toBeGreaterThan(0.5); // real variation on 1e6: kept, not flagged
    expect(radiomics('agreement', '--in', join(REF, `${name}.csv`), '--subject', 'subject', '--repeat', 'session', '--out', json).code).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    for (const id of CONSTANT) {
      const f = j.features.find((x: { id: string }) => x.id === id);
      for (const e of Object.values(f.icc) as Record<string, number | null>[]) expect([e.value, e.lower, e.upper, e.f, e.p], id).toEqual([null, null, null, null, null]);
      expect([f.ccc, f.wcv, f.robust], id).toEqual([null, null, null]);
    }
    expect(j.warnings.filter((w: { code: string }) => w.code === 'ConstantFeature').map((w: { feature: string }) => w.feature).sort()).toEqual([...CONSTANT].sort());
    const p = j.features.find((x: { id: string }) => x.id === 'perfectAgreement');
    for (const e of Object.values(p.icc) as Record<string, number | null>[]) expect([e.value, e.lower, e.upper]).toEqual([1, 1, 1]);
    const html = readFileSync(report, 'utf8');
    for (const id of CONSTANT) expect(html).toMatch(new RegExp(`<tr class="undefined"><td>${id}</td>(<td></td>){8}<td>undefined</td>`));
    expect(html).toMatch(/<tr><td>perfectAgreement<\/td>(<td>1<\/td>){7}<td>0<\/td><td>yes<\/td>/);
    expect(html).toContain('4 feature(s) constant over every subject and repeat: undefined (grey), never robust');
  });
});

describe.skipIf(!browserAvailable())('HTML reports in headless Chromium', () => {
  test('every report renders: no console errors, no network requests, SVG plots present, a screenshot taken', async () => {
    const names = Object.keys(reports);
    expect(names.sort()).toEqual(['agreementConstant', 'agreementCt', 'agreementScanners', 'harmonizeCt', 'harmonizeScanners', 'robustnessCohort', 'robustnessSingle']);
    const browser = await launchChromium();
    try {
      for (const name of names) {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (q) => { if (!q.url().startsWith('file:')) requests.push(q.url()); });
        await page.goto(pathToFileURL(reports[name]).href);
        expect(errors, name).toEqual([]);
        expect(requests, name).toEqual([]);
        expect(await page.locator('svg').count(), name).toBeGreaterThan(0);
        // undefined features (constant) are grey rows, neither green nor red
        for (const cell of await page.locator('tr.undefined td').all()) expect(await cell.evaluate((e) => getComputedStyle(e).color), name).toBe('rgb(158, 158, 158)');
        if (name === 'agreementConstant') expect(await page.locator('tr.undefined').count()).toBe(4);
        const shot = join(tmp, `${name}.png`);
        await page.screenshot({ path: shot, fullPage: false });
        expect(statSync(shot).size, name).toBeGreaterThan(10_000);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
