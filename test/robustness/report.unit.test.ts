import { describe, expect, test } from 'vitest';
import { agreementFromTable, agreementReport, combatDataFromTable, combatFit, harmonisationReport, parseCsv } from '../../src/index.js';
import { multiScannerCsv } from '../helpers/multiscanner.js';

const table = parseCsv(multiScannerCsv(2, 12));

function selfContained(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)|src=|<link/i);
  expect(html).toMatch(/<svg /);
}

describe('HTML reports', () => {
  test('agreementReport is one self-contained page with a forest plot and family bars', () => {
    const html = agreementReport(agreementFromTable(table, { subject: 'subject', repeat: 'scanner', exclude: ['age'] }), { title: 'A <test> & more', details: { input: 'x.csv' } });
    selfContained(html);
    expect(html).toContain('<title>A &lt;test&gt; &amp; more</title>');
    expect(html).toContain('aria-label="ICC per feature"');
    expect(html).toContain('aria-label="robust features by family"');
  });

  test('harmonisationReport shows per-batch box plots before and after', () => {
    const { data } = combatDataFromTable(table, { batch: 'scanner', covariates: ['age', 'sex'], categorical: ['sex'] });
    const fit = combatFit(data);
    const html = harmonisationReport({ model: fit.model, features: data.features, batch: data.batch, before: data.values, after: fit.harmonised }, { title: 'ComBat' });
    selfContained(html);
    expect(html.match(/aria-label="per-batch distributions"/g)).toHaveLength(5);
    expect(html).toContain('parametric empirical Bayes');
  });

  test('agreementReport shows a constant feature as an undefined grey row, neither robust nor not robust', () => {
    const constant = parseCsv('subject,rep,stat.mean,spacing\na,1,1,0.7\na,2,1.1,0.7\nb,1,5,0.7\nb,2,5.2,0.7\nc,1,9,0.7\nc,2,8.9,0.7\n');
    const html = agreementReport(agreementFromTable(constant, { subject: 'subject', repeat: 'rep' }), { title: 't' });
    expect(html).toMatch(/<tr class="undefined"><td>spacing<\/td>(<td><\/td>){8}<td>undefined<\/td><td>constant/);
    expect(html).toMatch(/<tr><td>stat\.mean<\/td>.*?<td>yes<\/td>/);
    expect(html).toContain('2 features; 1 robust (ICC(1,1) &gt;= 0.9), 0 not robust, 1 undefined');
    expect(html).toMatch(/<p class="undefined">undefined, no ICC \(see the feature table's note\): spacing<\/p>/);
    expect(html).toContain('tr.undefined td,p.undefined{color:#9e9e9e}');
  });

  test('the same input gives the same report (deterministic)', () => {
    const a = agreementFromTable(table, { subject: 'subject', repeat: 'scanner' });
    expect(agreementReport(a, { title: 't' })).toBe(agreementReport(a, { title: 't' }));
  });
});
