import { describe, expect, test } from 'vitest';
import { agreementFromTable, combatDataFromTable, familyOf, parseCsv } from '../../src/index.js';

const LONG = parseCsv(`id,subject,rep,stat.mean,glcm.contrast.3D_merged.d1,note
a1,a,1,1,5,x
a2,a,2,2,6,y
b1,b,1,3,7,z
b2,b,2,4,,w
c1,c,1,5,9,v
c2,c,2,6,10,u
d1,d,1,7,11,t
`);

describe('agreementFromTable', () => {
  test('a subject without every repeat is left out with a warning; text columns are not features', () => {
    const r = agreementFromTable(LONG, { subject: 'subject', repeat: 'rep' });
    expect(r.subjects).toEqual(['a', 'b', 'c']);
    expect(r.warnings[0].code).toBe('IncompleteSubjects');
    expect(r.warnings[0].message).toMatch(/1 subject\(s\) without every repeat .*: d/);
    expect(r.features.map((f) => f.id)).toEqual(['stat.mean', 'glcm.contrast.3D_merged.d1']);
  });
  test('a missing cell makes that feature\'s statistics null; the hand case ICC(1,1) of [[1,2],[3,4],[5,6]]', () => {
    const r = agreementFromTable(LONG, { subject: 'subject', repeat: 'rep' });
    expect(r.features[1].agreement).toBeNull();
    // MSR = 2 * ((1.5-3.5)^2 + 0 + 2^2) / 2 = 8, MSW = 0.5 -> (8 - 0.5) / (8 + 0.5)
    expect(r.features[0].agreement?.icc['ICC(1,1)'].value).toBeCloseTo(7.5 / 8.5, 12);
    expect(r.features[0].family).toBe('stat');
  });
  test('a repeated (subject, repeat) pair is an error naming both rows', () => {
    const dup = parseCsv('subject,rep,v\na,1,1\na,1,2\nb,1,3\n');
    expect(() => agreementFromTable(dup, { subject: 'subject', repeat: 'rep' })).toThrow(/subject "a" has repeat "1" twice \(rows 2 and 3\)/);
  });
});

describe('combatDataFromTable', () => {
  test('batch and covariates are not features; a missing cell is MissingValues unless dropMissing', () => {
    const t = parseCsv('id,site,age,f1,f2\na,A,30,1,2\nb,A,40,2,\nc,B,50,3,4\nd,B,60,4,5\n');
    expect(() => combatDataFromTable(t, { batch: 'site', covariates: ['age'] })).toThrow(expect.objectContaining({ code: 'MissingValues' }));
    const d = combatDataFromTable(t, { batch: 'site', covariates: ['age'], dropMissing: true });
    expect(d.data.features).toEqual(['f1']);
    expect(d.dropped).toEqual(['f2']);
    expect(d.data.covariates).toEqual([{ name: 'age', kind: 'continuous', values: [30, 40, 50, 60] }]);
  });
  test('familyOf("glcm.contrast.3D_merged.d1") = "glcm"; an unknown prefix is null', () => {
    expect(familyOf('glcm.contrast.3D_merged.d1')).toBe('glcm');
    expect(familyOf('original_firstorder_Mean')).toBeNull();
  });
});
