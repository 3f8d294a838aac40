/**
 * Self-contained HTML reports (one string: inline CSS and SVG, no script, no network) for robustness,
 * agreement and harmonisation results. Plots: per-feature ICC with its confidence interval (forest plot),
 * robust-feature counts by family, and per-batch distributions (box plots) before and after ComBat.
 */
import type { Warning } from '../features/types.js';
import type { IccEstimate } from './agreement.js';
import type { RobustnessResult } from './assess.js';
import type { CombatModel } from './combat.js';
import type { TableAgreement } from './table.js';
import { VERSION } from '../version.js';

export interface ReportMeta {
  readonly title: string;
  /** Key-value lines shown under the title (inputs, options). */
  readonly details?: Readonly<Record<string, string>>;
}

interface IccRow {
  readonly id: string;
  readonly family: string | null;
  readonly icc: IccEstimate | null;
  readonly robust: boolean | null;
  readonly extra: string;
  readonly note: string | null;
}

/** Report of assessRobustness: per-feature ICC with CI, robust counts by family, the perturbations applied. */
export function robustnessReport(result: RobustnessResult, meta: ReportMeta): string {
  const rows: IccRow[] = result.features.map((f) => ({ id: f.id, family: f.family, icc: f.icc, robust: f.robust, extra: f.wcv === null ? '' : fmt(f.wcv), note: f.note }));
  const runs = result.runs.map((r) => [r.subject, String(r.repeat), fmt(r.applied.rotation), r.applied.translation.map(fmt).join(' '), r.applied.noiseSd === null ? '' : fmt(r.applied.noiseSd), r.applied.volume === null ? '' : fmt(r.applied.volume.fraction ?? r.applied.volume.distance ?? 0), r.applied.contour === null ? '' : `${r.applied.contour.included}/${r.applied.contour.supervoxels}`, `${r.applied.roiVoxels[0]} -> ${r.applied.roiVoxels[1]}`]);
  return page(meta, [
    summary(rows, result.icc, result.threshold, notesOf(result.warnings)),
    section('Robust features by family', familyBars(rows)),
    section(`${result.icc} per feature with 95% CI (threshold ${fmt(result.threshold)})`, forest(rows, result.threshold)),
    section('Feature table', table(['feature', 'family', result.icc, '95% CI', 'wCV', 'robust', 'note'], rows.map((r) => [r.id, r.family ?? '', r.icc?.value == null ? '' : fmt(r.icc.value), ci(r.icc), r.extra, flag(r.robust), r.note ?? '']), rows.map((r) => r.robust === null))),
    section('Perturbations applied', table(['subject', 'repeat', 'rotation (deg)', 'translation (voxels)', 'noise SD', 'volume change', 'supervoxels drawn', 'ROI voxels'], runs)),
  ]);
}

/** Report of agreementFromTable. */
export function agreementReport(result: TableAgreement, meta: ReportMeta): string {
  const rows: IccRow[] = result.features.map((f) => ({ id: f.id, family: f.family, icc: f.agreement?.icc[result.icc] ?? null, robust: f.robust, extra: '', note: f.note }));
  const body = result.features.map((f) => {
    const a = f.agreement;
    const c = (t: keyof NonNullable<typeof a>['icc']) => (a === null || a.icc[t].value === null ? '' : fmt(a.icc[t].value as number));
    return [f.id, c('ICC(1,1)'), c('ICC(2,1)'), c('ICC(3,1)'), c('ICC(1,k)'), c('ICC(2,k)'), c('ICC(3,k)'), a?.ccc == null ? '' : fmt(a.ccc), a?.wcv == null ? '' : fmt(a.wcv), flag(f.robust), f.note ?? ''];
  });
  return page(meta, [
    summary(rows, result.icc, result.threshold, [`${result.subjects.length} subjects x ${result.repeats.length} repeats (${result.repeats.join(', ')})`, ...notesOf(result.warnings)]),
    section('Robust features by family', familyBars(rows)),
    section(`${result.icc} per feature with 95% CI (threshold ${fmt(result.threshold)})`, forest(rows, result.threshold)),
    section('Feature table', table(['feature', 'ICC(1,1)', 'ICC(2,1)', 'ICC(3,1)', 'ICC(1,k)', 'ICC(2,k)', 'ICC(3,k)', 'CCC', 'wCV', 'robust', 'note'], body, result.features.map((f) => f.robust === null))),
  ]);
}

export interface HarmonisationReportInput {
  readonly model: CombatModel;
  readonly features: readonly string[];
  readonly batch: readonly string[];
  /** n x p, before and after, sample-major in the order of `features`. */
  readonly before: Float64Array;
  readonly after: Float64Array;
  readonly warnings?: readonly string[];
  /** Features to plot (default: the 6 with the largest batch effect before harmonisation). */
  readonly plotFeatures?: number;
}

/** Report of a ComBat harmonisation: per-batch box plots before and after, batch-effect sizes, the model. */
export function harmonisationReport(input: HarmonisationReportInput, meta: ReportMeta): string {
  const { features, batch, before, after, model } = input;
  const p = features.length;
  const batches = [...new Set(batch)].sort();
  const fBefore = features.map((_, f) => batchF(before, batch, batches, p, f));
  const fAfter = features.map((_, f) => batchF(after, batch, batches, p, f));
  const order = features.map((_, f) => f).filter((f) => Number.isFinite(fBefore[f])).sort((a, b) => fBefore[b] - fBefore[a] || a - b);
  const shown = order.slice(0, input.plotFeatures ?? 6);
  const plots = shown.map((f) => `<figure><figcaption>${esc(features[f])}: batch F ${fmt(fBefore[f])} before, ${fmt(fAfter[f])} after</figcaption>${boxPlots(batches, before, after, batch, p, f)}</figure>`).join('');
  const median = (v: number[]) => { const s = [...v].filter(Number.isFinite).sort((a, b) => a - b); return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]; };
  const lines = [
    `${batch.length} samples, ${p} features, ${batches.length} batches (${batches.map((b) => `${b}: ${batch.filter((x) => x === b).length}`).join(', ')})`,
    `ComBat: ${model.options.eb ? (model.options.parametric ? 'parametric' : 'non-parametric') + ' empirical Bayes' : 'no empirical Bayes'}${model.options.meanOnly ? ', mean only' : ''}${model.options.refBatch === null ? '' : `, reference batch ${model.options.refBatch}`}; covariates: ${model.covariates.map((c) => `${c.name} (${c.kind})`).join(', ') || 'none'}`,
    `median one-way ANOVA F of batch over features: ${fmt(median(fBefore))} before, ${fmt(median(fAfter))} after (F near 1: no batch effect)`,
    ...(input.warnings ?? []),
  ];
  return page(meta, [
    `<section><h2>Summary</h2><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>`,
    section('Per-batch distributions before (left) and after (right) ComBat, features with the largest batch effect', `<div class="grid">${plots}</div>`),
    section('Batch effect per feature', table(['feature', 'F before', 'F after'], order.map((f) => [features[f], fmt(fBefore[f]), fmt(fAfter[f])]))),
  ]);
}

/** One-way ANOVA F statistic of feature f across batches. */
function batchF(values: Float64Array, batch: readonly string[], batches: readonly string[], p: number, f: number): number {
  const n = batch.length;
  let grand = 0;
  for (let i = 0; i < n; i++) grand += values[i * p + f] / n;
  let ssb = 0;
  let ssw = 0;
  for (const b of batches) {
    const v: number[] = [];
    for (let i = 0; i < n; i++) if (batch[i] === b) v.push(values[i * p + f]);
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    ssb += v.length * (m - grand) ** 2;
    for (const x of v) ssw += (x - m) ** 2;
  }
  const dfb = batches.length - 1;
  const dfw = n - batches.length;
  return dfw > 0 && ssw > 0 ? ssb / dfb / (ssw / dfw) : NaN;
}

/** Colour of undefined features (no ICC: constant, missing values), in tables, bars and the forest plot. */
const UNDEFINED_GREY = '#9e9e9e';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}th{background:#f4f4f4}
.grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:13px}dt{color:#666}
.scroll{max-height:480px;overflow:auto}svg text{font:11px system-ui,sans-serif}tr.undefined td,p.undefined{color:${UNDEFINED_GREY}}tr.undefined td{background:#f7f7f7}`;

function page(meta: ReportMeta, sections: readonly string[]): string {
  const details = Object.entries(meta.details ?? {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(meta.title)}</title><style>${CSS}</style></head>
<body><h1>${esc(meta.title)}</h1><dl>${details}<dt>library</dt><dd>radiomics ${esc(VERSION)}</dd></dl>
${sections.join('\n')}
</body></html>
`;
}

function section(title: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>${body}</section>`;
}

/** Summary lines of a result's warnings: each, except ConstantFeature, which is counted (its features are grey rows). */
function notesOf(warnings: readonly Warning[]): string[] {
  const constant = warnings.filter((w) => w.code === 'ConstantFeature').length;
  return [...warnings.filter((w) => w.code !== 'ConstantFeature').map((w) => w.message), ...(constant === 0 ? [] : [`${constant} feature(s) constant over every subject and repeat: undefined (grey), never robust`])];
}

function summary(rows: readonly IccRow[], icc: string, threshold: number, notes: readonly string[]): string {
  const robust = rows.filter((r) => r.robust === true).length;
  const undefinedCount = rows.filter((r) => r.robust === null).length;
  const items = [`${rows.length} features; ${robust} robust (${icc} >= ${fmt(threshold)}), ${rows.length - robust - undefinedCount} not robust, ${undefinedCount} undefined`, ...notes];
  return `<section><h2>Summary</h2><ul>${items.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>`;
}

/** A table; rows flagged in `undefinedRows` are grey (class "undefined"). */
function table(head: readonly string[], rows: readonly (readonly string[])[], undefinedRows: readonly boolean[] = []): string {
  return `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r, i) => `<tr${undefinedRows[i] === true ? ' class="undefined"' : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

/** Stacked horizontal bars per family: robust (green), not robust (red), undefined (grey). */
function familyBars(rows: readonly IccRow[]): string {
  const families = [...new Set(rows.map((r) => r.family ?? 'other'))];
  const counts = families.map((f) => {
    const of = rows.filter((r) => (r.family ?? 'other') === f);
    return { f, yes: of.filter((r) => r.robust === true).length, no: of.filter((r) => r.robust === false).length, na: of.filter((r) => r.robust === null).length, total: of.length };
  });
  const max = Math.max(1, ...counts.map((c) => c.total));
  const w = 520;
  const left = 90;
  const h = 22;
  const bars = counts.map((c, i) => {
    const y = 10 + i * h;
    const scale = (v: number) => (v / max) * (w - left - 80);
    const x1 = left + scale(c.yes);
    const x2 = x1 + scale(c.no);
    return `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(c.f)}</text><rect x="${left}" y="${y}" width="${num(scale(c.yes))}" height="16" fill="#2e7d32"/><rect x="${num(x1)}" y="${y}" width="${num(scale(c.no))}" height="16" fill="#c62828"/><rect x="${num(x2)}" y="${y}" width="${num(scale(c.na))}" height="16" fill="${UNDEFINED_GREY}"/><text x="${num(x2 + scale(c.na) + 6)}" y="${y + 13}">${c.yes}/${c.total}</text>`;
  });
  const height = 30 + counts.length * h;
  const legend = `<text x="${left}" y="${height - 4}" fill="#2e7d32">robust</text><text x="${left + 60}" y="${height - 4}" fill="#c62828">not robust</text><text x="${left + 140}" y="${height - 4}" fill="#616161">undefined</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" role="img" aria-label="robust features by family">${bars.join('')}${legend}</svg>`;
}

/** Forest plot: one row per feature (sorted by ICC), point and CI, vertical line at the threshold. */
function forest(rows: readonly IccRow[], threshold: number): string {
  const shown = rows.filter((r) => r.icc?.value != null).sort((a, b) => (a.icc?.value as number) - (b.icc?.value as number) || (a.id < b.id ? -1 : 1));
  const undefinedRows = rows.filter((r) => r.icc?.value == null);
  const undefinedList = undefinedRows.length === 0 ? '' : `<p class="undefined">undefined, no ICC (see the feature table's note): ${undefinedRows.map((r) => esc(r.id)).join(', ')}</p>`;
  if (shown.length === 0) return `<p>No feature has a defined ICC (an ICC needs at least 2 subjects and some variance).</p>${undefinedList}`;
  const lo = Math.max(-1, Math.min(0, ...shown.map((r) => r.icc?.lower ?? (r.icc?.value as number))));
  const left = 330;
  const w = 860;
  const rowH = 12;
  const height = 40 + shown.length * rowH;
  const x = (v: number) => left + ((Math.max(lo, Math.min(1, v)) - lo) / (1 - lo)) * (w - left - 20);
  const ticks = [...[-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1].filter((t) => t >= lo - 1e-12 && Math.abs(t - threshold) > 0.04), threshold].map((t) => `<line x1="${num(x(t))}" x2="${num(x(t))}" y1="20" y2="${height - 10}" stroke="${t === threshold ? '#c62828' : '#ddd'}"${t === threshold ? ' stroke-dasharray="4 3"' : ''}/><text x="${num(x(t))}" y="14" text-anchor="middle">${fmt(t)}</text>`);
  const marks = shown.map((r, i) => {
    const y = 28 + i * rowH;
    const e = r.icc as IccEstimate;
    const colour = r.robust ? '#2e7d32' : '#c62828';
    const bar = e.lower === null || e.upper === null ? '' : `<line x1="${num(x(e.lower))}" x2="${num(x(e.upper))}" y1="${y}" y2="${y}" stroke="${colour}" stroke-opacity="0.6"/>`;
    return `<text x="${left - 6}" y="${y + 4}" text-anchor="end">${esc(truncate(r.id, 52))}</text>${bar}<circle cx="${num(x(e.value as number))}" cy="${y}" r="3" fill="${colour}"/>`;
  });
  return `<div class="scroll"><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" role="img" aria-label="ICC per feature">${ticks.join('')}${marks.join('')}</svg></div>${undefinedList}`;
}

/** Box plots of one feature per batch, before (left panel) and after (right panel), on a shared axis. */
function boxPlots(batches: readonly string[], before: Float64Array, after: Float64Array, batch: readonly string[], p: number, f: number): string {
  const pick = (v: Float64Array, b: string) => batch.map((x, i) => (x === b ? v[i * p + f] : NaN)).filter(Number.isFinite).sort((a, c) => a - c);
  const all = [...batches.flatMap((b) => pick(before, b)), ...batches.flatMap((b) => pick(after, b))];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min || 1;
  const panelW = 170;
  const h = 170;
  const y = (v: number) => 10 + (1 - (v - min) / span) * (h - 30);
  const colours = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#5d4037', '#455a64'];
  const panel = (v: Float64Array, x0: number, label: string) => {
    const bw = Math.min(28, (panelW - 20) / batches.length - 6);
    const boxes = batches.map((b, k) => {
      const s = pick(v, b);
      if (s.length === 0) return '';
      const q = (t: number) => s[Math.min(s.length - 1, Math.floor(t * (s.length - 1) + 0.5))];
      const cx = x0 + 14 + k * ((panelW - 20) / batches.length) + bw / 2;
      const c = colours[k % colours.length];
      return `<line x1="${num(cx)}" x2="${num(cx)}" y1="${num(y(s[s.length - 1]))}" y2="${num(y(s[0]))}" stroke="${c}"/><rect x="${num(cx - bw / 2)}" y="${num(y(q(0.75)))}" width="${num(bw)}" height="${num(Math.max(1, y(q(0.25)) - y(q(0.75))))}" fill="${c}" fill-opacity="0.35" stroke="${c}"/><line x1="${num(cx - bw / 2)}" x2="${num(cx + bw / 2)}" y1="${num(y(q(0.5)))}" y2="${num(y(q(0.5)))}" stroke="${c}" stroke-width="2"/><text x="${num(cx)}" y="${h - 4}" text-anchor="middle">${esc(truncate(b, 8))}</text>`;
    });
    return `<text x="${x0 + panelW / 2}" y="${h + 12}" text-anchor="middle">${label}</text>${boxes.join('')}`;
  };
  const axis = `<text x="2" y="14">${esc(fmt(max))}</text><text x="2" y="${h - 18}">${esc(fmt(min))}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * panelW + 50}" height="${h + 18}" role="img" aria-label="per-batch distributions">${axis}${panel(before, 44, 'before')}${panel(after, 44 + panelW, 'after')}</svg>`;
}

function ci(e: IccEstimate | null): string {
  return e === null || e.lower === null || e.upper === null ? '' : `[${fmt(e.lower)}, ${fmt(e.upper)}]`;
}

function flag(v: boolean | null): string {
  return v === null ? 'undefined' : v ? 'yes' : 'no';
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0 || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

function num(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0';
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
