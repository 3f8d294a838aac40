// @ts-check
/**
 * The radiomics demo: image + mask files (NIfTI / NRRD, or a DICOM series folder with an RTSTRUCT or
 * DICOM-SEG) -> extract() -> a searchable feature table with IBSI codes, the ROI intensity histogram, a
 * mid-slice view with the mask outline, a feature map (extractMaps) over that slice with a colour bar,
 * CSV / JSON download.
 * Plain browser modules, no framework; "radiomics" resolves through the import map in index.html.
 */
import * as radiomics from 'radiomics';
import { readVolumeFile } from './read.js';

const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const state = {
  /** @type {any} */ image: null,
  /** @type {any} */ mask: null,
  /** @type {any} */ result: null,
  name: 'case',
  /** The picked DICOM folder: file names and bytes, kept to read another of its series. */
  /** @type {{ name: string, files: string[], buffers: Uint8Array[] } | null} */ dicomFolder: null,
  /** The picked RTSTRUCT or DICOM-SEG; its chosen ROI / segment is rasterised onto state.image as state.mask. */
  /** @type {{ name: string, bytes: Uint8Array, kind: 'RTSTRUCT' | 'SEG' } | null} */ dicomMask: null,
};

$('version').textContent = radiomics.VERSION;
for (const name of Object.keys(radiomics.PRESETS)) $('preset').add(new Option(`${name}`, name));

const readFile = (/** @type {File} */ file) => readVolumeFile(radiomics, file);

/** The error as the page shows it: its code (RadiomicsError) and message. */
function errorText(/** @type {unknown} */ e) {
  const { code, message } = /** @type {any} */ (e) ?? {};
  return code ? `${code}: ${message}` : String(message ?? e);
}

function status(/** @type {string} */ text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

function ready() {
  $('run').disabled = !(state.image && state.mask);
}

function describeVolume(/** @type {any} */ v) {
  return `${v.shape.join(' x ')} voxels of ${v.spacing.map((/** @type {number} */ s) => +s.toFixed(3)).join(' x ')} mm`;
}

/** Reads an image or a NIfTI / NRRD mask; a new image also re-rasterises a picked RTSTRUCT / SEG onto its grid. */
async function pick(/** @type {'image' | 'mask'} */ which, /** @type {() => Promise<any>} */ read, /** @type {string} */ name, caseName = name.replace(/\.(nii\.gz|nii|nrrd)$/i, '')) {
  try {
    status(`Reading ${name} ...`);
    state[which] = null;
    state[which] = await read();
    if (which === 'image') state.name = caseName;
    const text = `${which}: ${name}, ${describeVolume(state[which])}.`;
    if (which === 'image' && state.dicomMask) {
      try {
        status(`${text} ${rasteriseDicomMask()}`);
      } catch (e) {
        status(`${text} Mask: ${errorText(e)}`, true);
      }
    } else status(text);
  } catch (e) {
    status(errorText(e), true);
  }
  ready();
}

/** The files behind state.image and state.mask, for the worker; null when they came from DICOM. */
const picked = { /** @type {File | null} */ image: null, /** @type {File | null} */ mask: null };

$('image').addEventListener('change', () => {
  const f = $('image').files[0];
  picked.image = f ?? null;
  $('dicom').value = '';
  showSeries([]);
  state.dicomFolder = null;
  if (f) pick('image', () => readFile(f), f.name);
});
$('mask').addEventListener('change', () => {
  const f = $('mask').files[0];
  picked.mask = f ?? null;
  $('dicom-mask').value = '';
  state.dicomMask = null;
  $('roi-field').hidden = true;
  if (f) pick('mask', () => readFile(f), f.name);
});

/*
 * DICOM. A folder is read whole into memory and handed to readDicomSeriesFromBuffers, which skips what
 * is not an image (non-DICOM files, RTSTRUCT, SEG) and sorts the slices by position. A folder with
 * several series fails with 'MultipleSeries'; the page shows that message and a series picker.
 */
$('dicom').addEventListener('change', () => {
  const files = [...$('dicom').files];
  picked.image = null;
  $('image').value = '';
  showSeries([]);
  state.dicomFolder = null;
  if (!files.length) return;
  const folder = files[0].webkitRelativePath.split('/')[0] || 'DICOM';
  pick('image', async () => {
    const buffers = await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
    state.dicomFolder = { name: folder, files: files.map((f) => f.webkitRelativePath || f.name), buffers };
    return readSeries(state.dicomFolder, undefined);
  }, `${folder} (${files.length} files)`, folder);
});
$('series').addEventListener('change', () => {
  const uid = $('series').value;
  const folder = state.dicomFolder;
  if (uid && folder) pick('image', async () => readSeries(folder, uid), `${folder.name} (${folder.files.length} files), series ${uid}`, folder.name);
});

/** Reads series `uid` (default: the only one) of a picked folder; on 'MultipleSeries' offers its series. */
function readSeries(/** @type {{ files: string[], buffers: Uint8Array[] }} */ { buffers, files }, /** @type {string | undefined} */ uid) {
  try {
    return radiomics.readDicomSeriesFromBuffers(buffers, { files, series: uid });
  } catch (e) {
    if (uid === undefined && radiomics.isRadiomicsError(e) && e.code === 'MultipleSeries') showSeries(radiomics.listDicomSeries(buffers, { files }));
    throw e;
  }
}

/** Fills the series picker (hidden when there is nothing to pick). */
function showSeries(/** @type {readonly any[]} */ series) {
  const options = series.map((s) => new Option(`${s.description ?? s.seriesInstanceUid} (${s.modality ?? '?'}, ${s.frames} slices)`, s.seriesInstanceUid));
  $('series').replaceChildren(new Option('pick a series', ''), ...options);
  $('series-field').hidden = series.length === 0;
}

/*
 * A DICOM mask: an RTSTRUCT (contours, rasterised with rasteriseRtstruct) or a DICOM-SEG (frames placed
 * with readSegMaskFromBytes). Its ROIs or segments fill the #roi picker; the chosen one becomes the mask
 * (label 1) on the grid of the loaded image, again whenever the image or the choice changes.
 */
$('dicom-mask').addEventListener('change', async () => {
  const f = $('dicom-mask').files[0];
  picked.mask = null;
  $('mask').value = '';
  state.mask = null;
  state.dicomMask = null;
  $('roi-field').hidden = true;
  if (f) {
    try {
      status(`Reading ${f.name} ...`);
      const bytes = new Uint8Array(await f.arrayBuffer());
      const modality = radiomics.dicomModality(bytes);
      /** @type {{ value: number, text: string }[]} */
      let choices;
      if (modality === 'RTSTRUCT') {
        choices = radiomics.listRtstructRois(bytes, f.name).map((r) => ({ value: r.number, text: `${r.name} (ROI ${r.number}, ${r.contours} contour${r.contours === 1 ? '' : 's'})` }));
      } else if (modality === 'SEG') {
        choices = radiomics.listSegments(bytes, f.name).map((s) => ({ value: s.number, text: `${s.label} (segment ${s.number}, ${s.frames} frame${s.frames === 1 ? '' : 's'})` }));
      } else {
        throw new Error(`${f.name} is ${modality === null ? 'not a DICOM file' : `a DICOM ${modality || 'object without modality'}`}, not an RTSTRUCT or a DICOM-SEG`);
      }
      if (choices.length === 0) throw new Error(`${f.name}: the ${modality} holds no ${modality === 'SEG' ? 'segment' : 'ROI'}`);
      state.dicomMask = { bytes, name: f.name, kind: modality };
      $('roi-kind').textContent = modality === 'SEG' ? 'Segment' : 'ROI';
      $('roi').replaceChildren(...choices.map((c) => new Option(c.text, String(c.value))));
      $('roi-field').hidden = false;
      status(rasteriseDicomMask());
    } catch (e) {
      status(errorText(e), true);
    }
  }
  ready();
});
$('roi').addEventListener('change', () => {
  try {
    status(rasteriseDicomMask());
  } catch (e) {
    status(errorText(e), true);
  }
  ready();
});

/** Puts the chosen ROI / segment of the picked RTSTRUCT or SEG on the image grid as state.mask; returns a status line. */
function rasteriseDicomMask() {
  const m = state.dicomMask;
  if (!m) throw new Error('no RTSTRUCT or DICOM-SEG picked');
  const choice = $('roi').selectedOptions[0];
  const what = `${m.kind === 'SEG' ? 'segment' : 'ROI'} "${choice.text.replace(/ \(.*\)$/, '')}" of ${m.name}`;
  state.mask = null;
  if (!state.image) throw new Error(`${what}: load the image it was drawn on first (the mask is put on its grid)`);
  const number = Number(choice.value);
  const mask =
    m.kind === 'SEG'
      ? radiomics.readSegMaskFromBytes(m.bytes, state.image, { segment: number, file: m.name })
      : radiomics.rasteriseRtstruct(m.bytes, state.image, { roi: number, file: m.name });
  state.mask = mask.volume;
  $('label').value = String(mask.label);
  let voxels = 0;
  for (const v of mask.volume.voxels.data) if (v === mask.label) voxels++;
  return `mask: ${what}, ${voxels} voxels on the image grid (label ${mask.label}).`;
}

/**
 * Extracts in a module Web Worker (the page stays responsive on large images) when both inputs are
 * NIfTI / NRRD files; on the main thread otherwise (a DICOM series or mask, or no module workers).
 */
function extractResult(/** @type {number} */ label, /** @type {string | undefined} */ preset) {
  const onMainThread = () => {
    const t0 = performance.now();
    const result = radiomics.extract(state.image, { volume: state.mask, label }, {}, { preset });
    return { result, ms: performance.now() - t0, where: 'main thread' };
  };
  if (!picked.image || !picked.mask || typeof Worker === 'undefined') return Promise.resolve().then(onMainThread);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (/** @type {MessageEvent} */ e) => {
      worker.terminate();
      if (e.data.error) reject(Object.assign(new Error(e.data.error.message), { code: e.data.error.code }));
      else resolve({ result: JSON.parse(e.data.json), ms: e.data.ms, where: 'Web Worker' });
    };
    worker.onerror = (/** @type {ErrorEvent} */ e) => {
      worker.terminate();
      e.preventDefault();
      // A worker that cannot start (e.g. a file:// page) falls back to the main thread.
      try {
        resolve(onMainThread());
      } catch (err) {
        reject(err);
      }
    };
    worker.postMessage({ image: picked.image, mask: picked.mask, label, preset });
  });
}

$('inputs').addEventListener('submit', async (/** @type {Event} */ event) => {
  event.preventDefault();
  const label = Number($('label').value);
  const preset = $('preset').value || undefined;
  status('Extracting ...');
  $('run').disabled = true;
  try {
    const { result, ms, where } = await extractResult(label, preset);
    state.result = result;
    status(`${result.features.length} features in ${ms.toFixed(0)} ms (${where}); ROI ${result.provenance.roi.morphologicalVoxels} voxels.`);
    showTable();
    listMaps();
    drawSlice(label);
    drawHistogram(label);
    $('views').hidden = false;
    $('results').hidden = false;
  } catch (e) {
    status(`${/** @type {any} */ (e).code ?? 'Error'}: ${/** @type {Error} */ (e).message}`, true);
  } finally {
    ready();
  }
});

function formatValue(/** @type {number | null} */ v) {
  if (v === null) return 'null';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function showTable() {
  const body = $('features').tBodies[0];
  body.replaceChildren();
  for (const f of state.result.features) {
    const tr = document.createElement('tr');
    tr.dataset.search = `${f.id} ${f.name} ${f.ibsi ?? ''} ${f.aggregation ?? ''}`.toLowerCase();
    for (const [text, cls] of [[f.id, ''], [f.name, ''], [f.ibsi ?? '-', ''], [f.aggregation ?? '', ''], [formatValue(f.value), 'num']]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    tr.firstElementChild?.classList.add('id');
    body.append(tr);
  }
  const list = $('warnings');
  list.replaceChildren(...state.result.warnings.slice(0, 20).map((/** @type {any} */ w) => Object.assign(document.createElement('li'), { textContent: `${w.code}: ${w.message}` })));
  filter();
}

function filter() {
  const terms = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const tr of $('features').tBodies[0].rows) {
    const hit = terms.every((/** @type {string} */ t) => tr.dataset.search.includes(t));
    tr.hidden = !hit;
    if (hit) shown++;
  }
  $('count').textContent = `${shown} of ${state.result.features.length}`;
}
$('search').addEventListener('input', filter);

/** ROI voxels (mask == label) as [x, y, z] bounds and intensities. */
function roi(/** @type {number} */ label) {
  const { image, mask } = state;
  const [nx, ny, nz] = image.shape;
  const values = [];
  let z0 = Infinity, z1 = -Infinity;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        if (mask.voxels.get(x, y, z) !== label) continue;
        values.push(image.voxels.get(x, y, z));
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
  return { values, zMid: Math.floor((z0 + z1) / 2) };
}

function drawSlice(/** @type {number} */ label) {
  const { image, mask } = state;
  const [nx, ny] = image.shape;
  const z = roi(label).zMid;
  let lo = Infinity, hi = -Infinity;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) { const v = image.voxels.get(x, y, z); if (v < lo) lo = v; if (v > hi) hi = v; }
  const canvas = $('slice');
  canvas.width = nx;
  canvas.height = ny;
  const scale = 320 / Math.max(nx * image.spacing[0], ny * image.spacing[1]);
  canvas.style.width = `${nx * image.spacing[0] * scale}px`;
  canvas.style.height = `${ny * image.spacing[1] * scale}px`;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(nx, ny);
  const inRoi = (/** @type {number} */ x, /** @type {number} */ y) => x >= 0 && y >= 0 && x < nx && y < ny && mask.voxels.get(x, y, z) === label;
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) {
      const g = hi > lo ? Math.round((255 * (image.voxels.get(x, y, z) - lo)) / (hi - lo)) : 128;
      const edge = inRoi(x, y) && !(inRoi(x - 1, y) && inRoi(x + 1, y) && inRoi(x, y - 1) && inRoi(x, y + 1));
      const i = 4 * (y * nx + x);
      img.data.set(edge ? [255, 40, 40, 255] : [g, g, g, 255], i);
    }
  ctx.putImageData(img, 0, 0);
  $('slice-caption').textContent = `Slice z = ${z} of ${image.shape[2]} (mid-slice of the ROI), mask outline in red`;
}

function drawHistogram(/** @type {number} */ label) {
  const { values } = roi(label);
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const distinct = new Set(values).size;
  const bins = Math.max(1, Math.min(64, distinct));
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[hi > lo ? Math.min(bins - 1, Math.floor((bins * (v - lo)) / (hi - lo))) : 0]++;
  const canvas = $('histogram');
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height, pad = 28;
  ctx.clearRect(0, 0, W, H);
  const max = Math.max(...counts);
  const bw = (W - 2 * pad) / bins;
  ctx.fillStyle = '#3a6ea5';
  counts.forEach((c, i) => {
    const h = ((H - 2 * pad) * c) / max;
    ctx.fillRect(pad + i * bw + 0.5, H - pad - h, Math.max(1, bw - 1), h);
  });
  ctx.strokeStyle = '#334';
  ctx.beginPath();
  ctx.moveTo(pad, pad / 2);
  ctx.lineTo(pad, H - pad);
  ctx.lineTo(W - pad / 2, H - pad);
  ctx.stroke();
  ctx.fillStyle = '#334';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(formatValue(lo), pad, H - pad + 14);
  ctx.textAlign = 'right';
  ctx.fillText(formatValue(hi), W - pad / 2, H - pad + 14);
  ctx.fillText(`max ${max}`, W - pad / 2, pad / 2 + 4);
  $('histogram-caption').textContent = `Intensity histogram of the ROI: ${values.length} voxels, ${bins} bins from ${formatValue(lo)} to ${formatValue(hi)}`;
}

function download(/** @type {string} */ text, /** @type {string} */ name, /** @type {string} */ type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
$('download-csv').addEventListener('click', () => download(radiomics.toCsv([{ id: state.name, result: state.result }]), `${state.name}.features.csv`, 'text/csv'));
$('download-json').addEventListener('click', () => download(radiomics.toJson(state.result), `${state.name}.features.json`, 'application/json'));

/** The features that have voxel-wise maps (every family but morph and li), for the map list. */
function listMaps() {
  const select = $('map-feature');
  select.replaceChildren(...state.result.features.filter((/** @type {any} */ f) => f.family !== 'morph' && f.family !== 'li').map((/** @type {any} */ f) => new Option(f.id, `${f.family} ${f.id}`)));
  const mean = [...select.options].findIndex((o) => o.text === 'stat.mean');
  if (mean >= 0) select.selectedIndex = mean;
  $('map').getContext('2d').clearRect(0, 0, $('map').width, $('map').height);
  $('colour-bar').getContext('2d').clearRect(0, 0, $('colour-bar').width, $('colour-bar').height);
}

/** Viridis-like colour ramp, t in [0, 1] (five stops of matplotlib's viridis, linearly interpolated). */
function ramp(/** @type {number} */ t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  return stops[i].map((c, k) => Math.round(c + f * (stops[i + 1][k] - c)));
}

$('map-form').addEventListener('submit', (/** @type {Event} */ event) => {
  event.preventDefault();
  const [family, id] = $('map-feature').value.split(' ');
  const kernelRadius = Number($('map-radius').value);
  const label = Number($('label').value);
  const preset = $('preset').value || undefined;
  status(`Computing the map of ${id} ...`);
  // A frame first, so the status line shows before the (synchronous) computation.
  requestAnimationFrame(() =>
    setTimeout(() => {
      try {
        const t0 = performance.now();
        const maps = radiomics.extractMaps(state.image, { volume: state.mask, label }, { families: [family] }, { kernelRadius, features: [id], preset });
        drawMap(maps, label);
        status(`Map of ${id}: ${maps.voxels.length} kernels of radius ${kernelRadius} in ${(performance.now() - t0).toFixed(0)} ms (main thread).`);
      } catch (e) {
        status(errorText(e), true);
      }
    }, 0),
  );
});

/** The map on the slice view's slice: greyscale image, the map's colours on the ROI voxels, and a colour bar from its minimum to its maximum. */
function drawMap(/** @type {any} */ maps, /** @type {number} */ label) {
  const { image } = state;
  const [nx, ny] = image.shape;
  const z = roi(label).zMid;
  const map = maps.maps[0];
  const volume = radiomics.mapVolume(maps, map, 'float64');
  const values = volume.voxels.data;
  let lo = Infinity, hi = -Infinity;
  for (const v of map.values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  let glo = Infinity, ghi = -Infinity;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) { const v = image.voxels.get(x, y, z); if (v < glo) glo = v; if (v > ghi) ghi = v; }
  const canvas = $('map');
  canvas.width = nx;
  canvas.height = ny;
  canvas.style.width = $('slice').style.width;
  canvas.style.height = $('slice').style.height;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(nx, ny);
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) {
      const v = values[x + nx * (y + ny * z)];
      const i = 4 * (y * nx + x);
      if (Number.isFinite(v)) img.data.set([...ramp(hi > lo ? (v - lo) / (hi - lo) : 0.5), 255], i);
      else {
        const g = ghi > glo ? Math.round((255 * (image.voxels.get(x, y, z) - glo)) / (ghi - glo)) : 128;
        img.data.set([g, g, g, 255], i);
      }
    }
  ctx.putImageData(img, 0, 0);
  const bar = $('colour-bar');
  const bctx = bar.getContext('2d');
  bctx.clearRect(0, 0, bar.width, bar.height);
  for (let x = 0; x < bar.width; x++) {
    const [r, g, b] = ramp(x / (bar.width - 1));
    bctx.fillStyle = `rgb(${r},${g},${b})`;
    bctx.fillRect(x, 0, 1, 16);
  }
  bctx.fillStyle = '#222';
  bctx.font = '12px sans-serif';
  bctx.textBaseline = 'top';
  bctx.textAlign = 'left';
  bctx.fillText(formatValue(lo), 0, 20);
  bctx.textAlign = 'right';
  bctx.fillText(formatValue(hi), bar.width, 20);
  bar.dataset.min = String(lo);
  bar.dataset.max = String(hi);
  $('map-caption').textContent = `${map.id} (kernel radius ${maps.kernel.radius}) on slice z = ${z}, ${map.undefinedKernels} kernels undefined; colour bar from ${formatValue(lo)} to ${formatValue(hi)}`;
}
