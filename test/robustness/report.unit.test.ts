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

  test('the same input gives the same report (deterministic)', () => {
    const a = agreementFromTable(table, { subject: 'subject', repeat: 'scanner' });
    expect(agreementReport(a, { title: 't' })).toBe(agreementReport(a, { title: 't' }));
  });
});
