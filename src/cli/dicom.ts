import { describeDicom } from '../node.js';
import { parseArgs } from './args.js';
import { required, type Command } from './common.js';

/** `radiomics dicom`: the series, RTSTRUCT ROIs and SEG segments in a DICOM folder or file. */
export const dicomCommand: Command = {
  usage: 'radiomics dicom --in DIR|FILE [--format text|json]   list DICOM series, RTSTRUCT ROIs and SEG segments',
  run(argv) {
    const { options } = parseArgs(['dicom', ...argv], ['in', 'format'], []);
    const contents = describeDicom(required(options.in, 'in', 'dicom'));
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(contents, null, 2)}\n`);
      return 0;
    }
    const lines: string[] = [];
    for (const s of contents.series) {
      lines.push(`series ${s.seriesInstanceUid}  ${s.modality ?? '?'}  ${s.frames} slices in ${s.files} file(s)${s.description === null ? '' : `  "${s.description}"`}`);
      lines.push(`  transfer syntax ${s.transferSyntaxes.join(', ')}  ${s.lossy ? 'LOSSY' : 'lossless'}  units ${s.units ?? 'none (no Real World Value Mapping)'}`);
    }
    for (const r of contents.rtstructs) {
      lines.push(`RTSTRUCT ${r.file}`);
      for (const roi of r.rois) lines.push(`  --roi "${roi.name}"  (ROI ${roi.number}, ${roi.contours} contours)`);
    }
    for (const g of contents.segs) {
      lines.push(`SEG ${g.file}`);
      for (const s of g.segments) lines.push(`  --segment ${s.number}  "${s.label}"  (${s.frames} frames)`);
    }
    process.stdout.write(lines.length === 0 ? 'no DICOM files\n' : `${lines.join('\n')}\n`);
    return 0;
  },
};
