/**
 * The SR of the IBSI 1 CT phantom (fixtures/ibsi1-ct-phantom/dicom: 60 CT slices and the RTSTRUCT with
 * ROI "GTV-1"), IBSI configuration C: every feature reads back bit for bit, the document references the
 * series, the RTSTRUCT and its ROI, carries the config and its hash, is the same bytes for the same inputs
 * in any file order, and passes the real validators (dciodvfy: no error; dsrdump: the tree).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { extract, rasteriseRtstruct, readDicomSeriesFromBuffers, readDicomSr, srConfigHash, srSourcesFromDicom, toDicomSr, VERSION } from '../../../../src/index.js';
import { dciodvfyErrors, installed, needing, runOn } from '../../../helpers/dicom-tools.js';

const DIR = fileURLToPath(new URL('../../../../fixtures/ibsi1-ct-phantom/dicom/', import.meta.url));
const names = readdirSync(join(DIR, 'image')).sort();
const files = names.map((n) => new Uint8Array(readFileSync(join(DIR, 'image', n))));
const rtstruct = new Uint8Array(readFileSync(join(DIR, 'mask', readdirSync(join(DIR, 'mask'))[0])));

describe('DICOM SR of the CT phantom, RTSTRUCT ROI GTV-1, IBSI configuration C', () => {
  const image = readDicomSeriesFromBuffers(files);
  const result = extract(image, rasteriseRtstruct(rtstruct, image, { roi: 'GTV-1' }), {}, { preset: 'ibsi1-C' });
  const sources = srSourcesFromDicom({ files, names }, { bytes: rtstruct, name: 'rtstruct.dcm', roi: 'GTV-1' });
  const sr = toDicomSr(result, sources);
  const back = readDicomSr(sr, 'sr.dcm');

  test('readDicomSr(toDicomSr(result)).features equals result.features, values bit for bit', () => {
    expect(back.features.length).toBe(result.features.length);
    expect(back.features).toEqual(result.features);
    back.features.forEach((f, i) => expect(Object.is(f.value, result.features[i].value)).toBe(true));
  });

  test('the document references the series, the RTSTRUCT ROI and carries the config, its hash and our version', () => {
    const g = back.groups[0];
    expect(back.groups.length).toBe(1);
    expect(g.trackingIdentifier).toBe('GTV-1');
    expect(g.segmentation).toEqual({ kind: 'RTSTRUCT', instance: sources.segmentation.instance, roiNumber: 1 });
    expect(g.sourceSeriesInstanceUid).toBe(sources.image.seriesInstanceUid);
    expect(back.imageLibrary.instances).toEqual(sources.image.instances);
    expect(back.imageLibrary.instances.length).toBe(60);
    expect(back.imageLibrary.frameOfReferenceUid).toBe(sources.image.frameOfReferenceUid);
    expect(back.studyInstanceUid).toBe(sources.patientStudy.studyInstanceUid);
    expect(back.config).toEqual(result.provenance.config);
    expect(back.configHash).toBe(srConfigHash(result.provenance.config));
    expect(back.algorithmVersion).toBe(VERSION);
    expect(back.writtenByUs).toBe(true);
    expect(back.sopInstanceUid).toMatch(/^2\.25\.\d+$/);
  });

  test('units: morphology in mm3 / mm2 / mm, CT intensities in Hounsfield units, textures dimensionless', () => {
    const unit = (id: string) => back.groups[0].units[id]?.value;
    expect(unit('morph.volume')).toBe('mm3');
    expect(unit('morph.surfaceArea')).toBe('mm2');
    expect(unit('morph.maximum3dDiameter')).toBe('mm');
    expect(unit('morph.surfaceToVolumeRatio')).toBe('/mm');
    expect(unit('stat.mean')).toBe("[hnsf'U]");
    expect(unit('stat.variance')).toBe("[hnsf'U]2");
    expect(unit('stat.skewness')).toBe('1');
    expect(unit('ih.mean')).toBe('{grey level}');
    expect(unit('glcm.jointMaximum.3D_average.d1')).toBe('1');
  });

  test('the same inputs in another file order give the same bytes; another config another SOP Instance UID', () => {
    const order = files.map((_, i) => i).reverse();
    const again = toDicomSr(result, srSourcesFromDicom({ files: order.map((i) => files[i]), names: order.map((i) => names[i]) }, { bytes: rtstruct, roi: 'GTV-1' }));
    expect(again).toEqual(sr);
    const other = extract(image, rasteriseRtstruct(rtstruct, image, { roi: 'GTV-1' }), { families: ['morph', 'stat'] }, { preset: 'ibsi1-C' });
    const otherSr = readDicomSr(toDicomSr(other, sources));
    expect(otherSr.sopInstanceUid).not.toBe(back.sopInstanceUid);
    expect(otherSr.configHash).not.toBe(back.configHash);
  });

  test.skipIf(!installed('dciodvfy'))(needing('dciodvfy', 'dciodvfy reports no error (Enhanced SR IOD)'), () => {
    expect(dciodvfyErrors(sr)).toEqual([]);
    expect(runOn('dciodvfy', [], sr).output).toContain('EnhancedSR');
  });

  test.skipIf(!installed('dsrdump'))(needing('dsrdump', 'dsrdump parses the document and shows the TID 1500 tree'), () => {
    const r = runOn('dsrdump', [], sr);
    expect(r.status).toBe(0);
    expect(r.output).not.toMatch(/^[EF]: /m);
    for (const line of ['<CONTAINER:(,,"Imaging Measurement Report")=SEPARATE>', '<contains CONTAINER:(,,"Measurement Group")=SEPARATE>', '<has obs context TEXT:(,,"Tracking Identifier")="GTV-1">', '<contains COMPOSITE:(,,"Region in Space")=(RTStructureSetStorage,)>']) {
      expect(r.output).toContain(line);
    }
    expect(r.output).toMatch(/<contains NUM:\(,,"Volume \(mesh\)"\)="[0-9.]+" \(mm3,UCUM,"cubic millimeter"\)>/);
  });
});
