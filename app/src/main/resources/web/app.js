// Sylva's app: the applets (input data, features, training, export), layers and display, talking to the server.
import * as api from './api.js';
import { Viewer, CHANNEL_COLOURS } from './viewer.js';

const $ = (s) => document.querySelector(s);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(c));
  return e;
};
const fmt = (n) => Number(n).toLocaleString('en-US');

class App {
  constructor() {
    this.state = null;
    this.lane = 0;
    this.t = 0;
    this.pos = { z: 0, y: 0, x: 0 };
    this.tool = 'brush';
    this.label = 1;
    this.brushSize = 3;
    this.labelRevision = 0;
    this.layers = [];
    this.display = { mode: 'grey', channel: 0, windows: {} };
    this.featureChannel = null;
    this.featureEpoch = 0;
    this.featureWindow = { min: 0, max: 255 };
    this.laneKey = '';
    this.training = false;
    this.jobs = {};
    this.viewer = new Viewer(this, $('#views'));
  }

  async start() {
    api.events((e) => this.onEvent(e), (up) => { if (!up) this.status('connection to Sylva lost; retrying…', true); });
    await this.reload();
    this.bind();
    window.addEventListener('beforeunload', (e) => {
      if (this.state && this.state.project.dirty) { e.preventDefault(); e.returnValue = 'Unsaved labels'; }
    });
    this.status('ready');
    window.sylva.ready = true;
  }

  // ------------------------------------------------------------------ state

  async reload() {
    const s = await api.get('/api/state');
    const first = !this.state;
    this.state = s;
    this.labelRevision = Math.max(this.labelRevision, s.labelRevision);
    if (this.lane >= s.lanes.length) this.lane = 0;
    if (this.label > s.classes.length) this.label = Math.max(1, s.classes.length);
    const key = s.lanes.length ? JSON.stringify([this.lane, s.lanes[this.lane].shape]) : '';
    if (key !== this.laneKey) {
      this.laneKey = key;
      if (s.lanes.length) {
        const sh = this.shape();
        this.pos = { z: Math.floor(sh.z / 2), y: Math.floor(sh.y / 2), x: Math.floor(sh.x / 2) };
        this.t = Math.min(this.t, sh.t - 1);
        this.viewer.store.clear();
        this.viewer.layout();
        this.setupTime();
        await this.initWindows();
      }
    }
    this.syncLayers();
    this.renderAll();
    this.viewer.requestDraw();
    if (first && s.project.warnings.length) this.status(s.project.warnings.join(' · '), true);
  }

  shape() { return this.state.lanes[this.lane].shape; }

  is3d() { return this.state && this.state.lanes.length && this.shape().z > 1; }

  async initWindows() {
    const c = this.shape().c;
    this.display = { mode: c === 1 ? 'grey' : c <= 3 ? 'composite' : 'grey', channel: 0, windows: {} };
    for (let k = 0; k < c; k++) {
      this.display.windows[k] = { min: 0, max: 255, colour: CHANNEL_COLOURS[k % CHANNEL_COLOURS.length] };
      try {
        const r = await api.get(`/api/lanes/${this.lane}/range?channel=${k}&t=${this.t}`);
        const lane = this.state.lanes[this.lane];
        this.display.windows[k].min = lane.dtype === 'uint8' ? 0 : r.min;
        this.display.windows[k].max = lane.dtype === 'uint8' ? 255 : (r.max > r.min ? r.max : r.min + 1);
      } catch (e) { this.status(e.message, true); }
    }
  }

  displayChannels() {
    const c = this.shape().c;
    if (this.display.mode === 'grey') return [Math.min(this.display.channel, c - 1)];
    return [...Array(c).keys()];
  }

  displayKey() { return JSON.stringify([this.display.mode, this.display.channel, this.displayChannels().map((c) => this.windowOf(c))]); }

  windowOf(c) { return this.display.windows[c] || { min: 0, max: 255, colour: '#ffffff' }; }

  setWindow(c, min, max) {
    const w = this.windowOf(c);
    w.min = min; w.max = max;
    this.renderDisplay();
    this.viewer.requestDraw();
  }

  classKey() { return this.state.classes.map((c) => c.colour).join(); }

  layerOpacity(kind) { const l = this.layers.find((x) => x.kind === kind); return l && l.visible ? l.opacity : 0; }

  /** The layers: kept across reloads (visibility, opacity), one per class for probabilities. */
  syncLayers() {
    const old = new Map(this.layers.map((l) => [l.id, l]));
    const mk = (id, name, kind, visible, opacity, extra = {}) => {
      const o = old.get(id);
      return { id, name, kind, visible: o ? o.visible : visible, opacity: o ? o.opacity : opacity, ...extra };
    };
    const s = this.state;
    const ls = [mk('labels', 'Labels', 'labels', true, 1)];
    ls.push(mk('seg', 'Segmentation', 'seg', false, 0.5));
    ls.push(mk('unc', 'Uncertainty', 'unc', false, 0.8));
    s.classes.forEach((c, i) => ls.push(mk('prob' + (i + 1), `Prediction: ${c.name}`, 'prob', true, 0.45, { k: i + 1, colour: c.colour })));
    if (this.featureChannel !== null) {
      const names = s.lanes[this.lane].featureNames;
      ls.push(mk('feature', `Feature: ${names[this.featureChannel] || ''}`, 'feature', true, 1));
    }
    ls.push(mk('raw', 'Raw data', 'raw', true, 1));
    this.layers = ls;
  }

  // ------------------------------------------------------------------ events

  onEvent(e) {
    switch (e.type) {
      case 'hello': break;
      case 'training':
        this.training = true;
        this.renderModel();
        break;
      case 'trained':
        this.training = false;
        this.state.model = e.model;
        this.viewer.trained(e.model);
        this.renderModel();
        break;
      case 'trainingFailed':
        this.training = false;
        this.status(`training failed: ${e.message}`, true);
        this.renderModel();
        break;
      case 'modelCleared':
        this.state.model = null;
        this.viewer.store.clear('pred/');
        this.renderModel();
        this.viewer.requestDraw();
        break;
      case 'labels':
        this.labelsEdited(e.labelRevision);
        this.refreshSoon();
        break;
      case 'project': case 'saved':
        this.refreshSoon();
        if (e.type === 'saved') this.status(`saved ${e.file}`);
        break;
      case 'reload':
        this.laneKey = '';
        this.viewer.store.clear();
        this.reload();
        break;
      case 'jobProgress': this.jobProgress(e); break;
      case 'jobFinished': this.jobFinished(e); break;
      default: break;
    }
  }

  labelsEdited(rev) {
    if (rev > this.labelRevision) {
      this.labelRevision = rev;
      this.viewer.requestDraw();
    }
  }

  refreshSoon() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.reload().catch((e) => this.status(e.message, true)), 150);
  }

  drawn(r) {
    this.lastDraw = r;
  }

  status(text, error = false) {
    const s = $('#status');
    s.textContent = text;
    s.classList.toggle('error', error);
  }

  pointerAt(axis, p) {
    if (!this.state.lanes.length) return;
    const sh = this.shape();
    const map = { z: ['y', 'x'], y: ['z', 'x'], x: ['z', 'y'] }[axis];
    const v = { ...this.pos, [map[0]]: Math.floor(p.r), [map[1]]: Math.floor(p.c) };
    if (v.y < 0 || v.x < 0 || v.z < 0 || v.y >= sh.y || v.x >= sh.x || v.z >= sh.z) { $('#cursor-info').textContent = ''; return; }
    let text = (this.is3d() ? `z ${v.z}  ` : '') + `y ${v.y}  x ${v.x}`;
    // the value under the cursor from the raw tile at level 0 if loaded
    const view = this.viewer.views.find((w) => w.axis === axis);
    if (view) {
      const L = view.level(), st = 1 << L, span = 256 << L;
      const row = Math.floor(Math.floor(p.r) / span), col = Math.floor(Math.floor(p.c) / span);
      const e = this.viewer.store.tiles.get(`raw/${view.posKey({ level: L, row, col })}/${this.displayChannels()[0]}`);
      if (e && e.data) {
        const i = Math.floor((Math.floor(p.r) - row * span) / st), j = Math.floor((Math.floor(p.c) - col * span) / st);
        const val = e.data[i * e.width + j];
        if (val !== undefined) text += `   value ${Number.isInteger(val) ? val : val.toFixed(3)}`;
      }
      const pe = this.viewer.store.tiles.get(`pred/${view.posKey({ level: L, row, col })}`);
      if (pe && pe.data && this.state.model) {
        // a preview holds every ps-th pixel per axis
        const ps = pe.info.stride || 1, pw = Math.ceil(pe.width / ps), n = pw * Math.ceil(pe.height / ps), K = pe.info.classes;
        const i = Math.floor((Math.floor(p.r) - row * span) / st / ps), j = Math.floor((Math.floor(p.c) - col * span) / st / ps);
        const o = i * pw + j;
        if (o >= 0 && o < n) {
          const probs = [];
          for (let k = 0; k < K; k++) probs.push(`${(this.state.classes[k] || {}).name}: ${(pe.data[k * n + o] / 255).toFixed(2)}`);
          text += '   ' + probs.join('  ');
        }
      }
    }
    $('#cursor-info').textContent = text;
  }

  moveSlice(axis, d) {
    const sh = this.shape();
    this.pos[axis] = Math.max(0, Math.min(sh[axis] - 1, this.pos[axis] + d));
    this.positionChanged();
  }

  positionChanged() {
    this.viewer.requestDraw();
    const info = document.getElementById('info-view');
    if (info) {
      const sh = this.shape();
      info.innerHTML = '';
      info.append(el('div', {}, el('b', {}, this.state.lanes[this.lane].name)),
        el('div', {}, `${sh.x} × ${sh.y} × ${sh.z} pixels, ${sh.c} channel${sh.c > 1 ? 's' : ''}, ${sh.t} time point${sh.t > 1 ? 's' : ''}`),
        el('div', {}, `crosshair: x ${this.pos.x}, y ${this.pos.y}, z ${this.pos.z}`),
        el('p', { class: 'note' }, 'Wheel: next slice in a view · Ctrl+wheel: zoom · double-click: centre all views · paint on any view.'));
    }
  }

  setupTime() {
    const T = this.shape().t;
    $('#time-box').hidden = T <= 1;
    const r = $('#time');
    r.max = T - 1;
    r.value = this.t;
    $('#time-value').textContent = `${this.t} / ${T - 1}`;
    this.positionChanged();
  }

  // ------------------------------------------------------------------ panels

  /** Re-renders the panels whose data changed (rebuilding all of them on every label event costs the CPU the
   * live prediction needs). */
  renderAll() {
    const s = this.state;
    this.rendered = this.rendered || {};
    const once = (name, data, fn) => {
      const k = JSON.stringify(data);
      if (this.rendered[name] === k) return;
      this.rendered[name] = k;
      fn();
    };
    this.renderTop();
    once('input', [s.lanes, this.lane], () => this.renderInput());
    once('features', [s.features, s.lanes.map((l) => l.shape), this.lane, this.featureChannel], () => this.renderFeatures());
    once('training', [s.classes, this.label, this.tool, this.brushSize, this.lane], () => this.renderTraining());
    once('export', [s.export, s.sources, s.formats, s.lanes.map((l) => l.name), this.batchFiles], () => this.renderExport());
    once('layers', this.layers.map((l) => [l.id, l.name]), () => this.renderLayers());
    once('display', [this.laneKey, this.display.mode, this.display.channel], () => this.renderDisplay());
    this.renderModel();
  }

  renderTop() {
    const p = this.state.project;
    const n = $('#project-name');
    n.textContent = p.file ? p.file.split('/').pop() : 'unsaved project';
    n.title = p.file || 'not saved yet';
    n.classList.toggle('dirty', p.dirty);
    $('#live').checked = this.state.live;
  }

  renderModel() {
    const m = this.state.model, box = $('#model-info');
    if (this.training) { box.innerHTML = '<b>training…</b>'; }
    else if (!m) box.textContent = this.state.live ? 'waiting for labels of two classes' : 'no classifier (label, then Live update)';
    else {
      box.innerHTML = '';
      box.append('classifier ', el('b', {}, `#${m.generation}`), ` · ${fmt(m.samples)} labels · out-of-bag accuracy `,
        el('b', { id: 'oob' }, m.oob === null ? 'n/a' : `${(100 * m.oob).toFixed(1)} %`));
    }
    const o = $('#oob-big');
    if (o) o.textContent = m && m.oob !== null ? `${(100 * m.oob).toFixed(1)} %` : '–';
    const d = $('#oob-detail');
    if (d) d.textContent = m ? `${fmt(m.samples)} labelled pixels, ${m.trees} trees on ${m.features} features; `
      + `trained in ${(m.trainingSeconds + m.featureSeconds).toFixed(2)} s` : 'Train to see how well the classifier fits the labels.';
  }

  renderInput() {
    const box = $('#tab-input');
    box.innerHTML = '';
    box.append(el('h3', {}, 'Images'));
    this.state.lanes.forEach((l, i) => {
      const sh = l.shape;
      const axesIn = el('input', { value: l.axes, size: 6, title: 'axes in file order, e.g. zyx, tyxc' });
      box.append(el('div', { class: 'lane' + (i === this.lane ? ' current' : '') },
        el('div', { class: 'row' }, el('span', { class: 'name' }, l.name), el('span', { class: 'spacer' }),
          el('button', { onclick: () => { this.lane = i; this.reload(); } }, i === this.lane ? 'shown' : 'show'),
          el('button', { class: 'danger', title: 'Remove this image and its labels', onclick: () => this.removeLane(i) }, '✕')),
        el('div', {}, `${sh.x} × ${sh.y}` + (sh.z > 1 ? ` × ${sh.z}` : '') + ` · ${sh.c} ch · ${sh.t} t · ${l.dtype} · ${fmt(l.labelled)} labelled`),
        el('div', { class: 'files' }, l.files.join(', ')),
        l.available ? null : el('div', { class: 'problem' }, l.problem),
        el('div', { class: 'row' }, 'axes', axesIn, el('button', {
          onclick: () => this.act(api.send('PUT', `/api/lanes/${i}`, { axes: axesIn.value, stackAlong: l.stackAlong }), 'axes changed'),
        }, 'apply'))));
    });
    const along = el('select', {}, ...['z', 't', 'c'].map((a) => el('option', { value: a }, `stack along ${a}`)));
    const axes = el('input', { placeholder: 'axes (optional)', size: 10 });
    box.append(el('h3', {}, 'Add'), el('div', { class: 'row' },
      el('button', { onclick: () => this.addImages(false, axes.value, along.value) }, 'Add images…'),
      el('button', { title: 'Several 2-D files as one volume, time series or channels', onclick: () => this.addImages(true, axes.value, along.value) }, 'Add a sequence…')),
      el('div', { class: 'row' }, along, axes),
      el('p', { class: 'note' }, 'Each file becomes one image; a sequence stacks its files into one. Axes are read from the file, or guessed as ilastik does; type them to fix them.'));
  }

  renderFeatures() {
    const f = this.state.features, box = $('#tab-features');
    box.innerHTML = '';
    const lane = this.state.lanes[this.lane];
    const three = lane && lane.shape.z > 1;
    const scales = [...f.scales];
    const matrix = f.matrix.map((r) => [...r]);
    let in2d = f.in2d ? [...f.in2d] : scales.map(() => !three);
    const table = el('table', { class: 'grid' });
    const draw = () => {
      table.innerHTML = '';
      const head = el('tr', {}, el('th', {}, 'σ'), ...scales.map((s, j) => el('th', {}, el('input', {
        type: 'number', step: '0.1', min: '0.1', value: s, onchange: (e) => { scales[j] = +e.target.value; draw(); },
      }))));
      table.append(head);
      f.ids.forEach((id, i) => {
        table.append(el('tr', {}, el('th', { class: 'feat' }, f.names[i]), ...scales.map((s, j) => {
          const allowed = s >= f.minimumScales[i];
          if (!allowed) matrix[i][j] = false;
          return el('td', { class: allowed ? '' : 'off', title: allowed ? '' : `ilastik allows ${f.names[i]} from σ = ${f.minimumScales[i]}` },
            el('input', { type: 'checkbox', checked: matrix[i][j], disabled: !allowed, onchange: (e) => { matrix[i][j] = e.target.checked; } }));
        })));
      });
      if (three) {
        table.append(el('tr', {}, el('th', { class: 'feat' }, 'in 2-D (per slice)'), ...scales.map((s, j) => el('td', {},
          el('input', { type: 'checkbox', checked: in2d[j], onchange: (e) => { in2d[j] = e.target.checked; } })))));
      }
    };
    draw();
    box.append(el('h3', {}, 'Feature selection'), el('div', { style: 'overflow:auto' }, table),
      el('div', { class: 'row' },
        el('button', { onclick: () => { scales.push(scales.length ? Math.round(scales[scales.length - 1] * 1.5 * 10) / 10 : 1); matrix.forEach((r) => r.push(false)); in2d.push(!three); draw(); } }, '+ scale'),
        el('button', { onclick: () => { if (scales.length > 1) { scales.pop(); matrix.forEach((r) => r.pop()); in2d.pop(); draw(); } } }, '− scale'),
        el('button', { onclick: () => { f.ids.forEach((id, i) => scales.forEach((s, j) => { matrix[i][j] = s >= f.minimumScales[i]; })); draw(); } }, 'all'),
        el('button', { onclick: () => { matrix.forEach((r) => r.fill(false)); draw(); } }, 'none'),
        el('span', { class: 'spacer' }),
        el('button', {
          class: 'primary', onclick: async () => {
            await this.act(api.send('PUT', '/api/features', { ids: f.ids, scales, matrix, in2d: three ? in2d : null }), 'features changed');
            this.featureEpoch++;
            this.viewer.store.clear('feat/');
          },
        }, 'Apply')),
      el('p', { class: 'note' }, `${lane ? lane.featureNames.length : 0} feature channels. Changing them drops the classifier; with Live update it retrains at once.`));
    const pick = el('select', { onchange: (e) => this.showFeature(e.target.value === '' ? null : +e.target.value) },
      el('option', { value: '' }, '— none —'),
      ...(lane ? lane.featureNames.map((n, i) => el('option', { value: i, selected: this.featureChannel === i }, n)) : []));
    box.append(el('h3', {}, 'Show a feature as a layer'), pick);
  }

  async showFeature(c) {
    this.featureChannel = c;
    if (c !== null) {
      // a display range from one tile of it
      try {
        const v = this.viewer.views[0];
        const t = v.visibleTiles()[0];
        const tile = await api.tile(`/api/lanes/${this.lane}/tile/feature?${v.query(t)}&channel=${c}`);
        const a = Array.from(new Float32Array(tile.buffer)).sort((p, q) => p - q);
        this.featureWindow = { min: a[Math.floor(a.length * 0.005)], max: a[Math.floor(a.length * 0.995)] };
      } catch (e) { this.status(e.message, true); }
    }
    this.syncLayers();
    this.renderLayers();
    this.viewer.requestDraw();
  }

  renderTraining() {
    const box = $('#tab-training'), s = this.state;
    box.innerHTML = '';
    const tools = el('div', { class: 'row tools' },
      ...[['brush', 'Brush (B)'], ['eraser', 'Eraser (E)'], ['nav', 'Pan (N)']].map(([t, label]) => el('button', {
        class: this.tool === t ? 'on' : '', id: 'tool-' + t, onclick: () => this.setTool(t),
      }, label)));
    const size = el('input', { type: 'range', min: 1, max: 61, value: this.brushSize, id: 'brush-size', oninput: (e) => { this.brushSize = +e.target.value; sizeLabel.textContent = `${this.brushSize} px`; } });
    const sizeLabel = el('span', {}, `${this.brushSize} px`);
    box.append(el('h3', {}, 'Tools'), tools, el('div', { class: 'row' }, 'size', size, sizeLabel));
    const list = el('div', { class: 'classes', id: 'classes' });
    s.classes.forEach((c, i) => {
      const k = i + 1;
      list.append(el('div', { class: 'cls' + (k === this.label ? ' active' : ''), onclick: () => { this.label = k; if (this.tool === 'eraser' || this.tool === 'nav') this.setTool('brush'); this.renderTraining(); } },
        el('span', { class: 'muted' }, String(k)),
        el('input', { type: 'color', value: c.colour, title: 'colour', onclick: (e) => e.stopPropagation(), onchange: (e) => this.act(api.send('PUT', `/api/classes/${k}`, { colour: e.target.value })) }),
        el('input', { value: c.name, onclick: (e) => e.stopPropagation(), onchange: (e) => this.act(api.send('PUT', `/api/classes/${k}`, { name: e.target.value })) }),
        el('span', { class: 'count', title: 'labelled pixels' }, fmt(c.labelled)),
        el('button', { class: 'danger', title: 'Delete this class and its labels', onclick: (e) => { e.stopPropagation(); this.deleteClass(k); } }, '✕')));
    });
    box.append(el('h3', {}, 'Label classes'), list,
      el('div', { class: 'row' }, el('button', { id: 'add-class', onclick: () => this.act(api.send('POST', '/api/classes', { name: `Label ${s.classes.length + 1}` }), 'class added') }, '+ Add label'),
        el('button', { title: 'Undo the last stroke (Ctrl+Z)', onclick: () => this.undo() }, 'Undo'),
        el('button', { title: 'Read a label image (0 = unlabelled, k = class k) of the same size', onclick: () => this.importLabels() }, 'Import labels…')));
    box.append(el('h3', {}, 'Classifier'),
      el('div', { class: 'row' }, el('button', { id: 'train-btn', onclick: () => this.train() }, 'Train now'),
        el('span', { class: 'muted' }, 'or switch on Live update (L)')),
      el('div', { class: 'row' }, el('span', {}, 'out-of-bag accuracy'), el('span', { class: 'oob', id: 'oob-big' }, '–')),
      el('div', { class: 'note', id: 'oob-detail' }));
    const explorer = el('div', { class: 'explorer', id: 'explorer' }, el('div', { class: 'muted' }, 'loading…'));
    box.append(el('h3', {}, 'Label explorer'), explorer);
    clearTimeout(this.explorerTimer);
    this.explorerTimer = setTimeout(() => this.loadExplorer(explorer), 800);
    this.renderModel();
  }

  async loadExplorer(box) {
    try {
      const strokes = await api.get(`/api/lanes/${this.lane}/strokes`);
      box.innerHTML = '';
      if (!strokes.length) box.append(el('div', { class: 'muted' }, 'no labels yet: paint on the image'));
      for (const s of strokes) {
        const c = this.state.classes[s.label - 1] || { colour: '#fff', name: '?' };
        box.append(el('div', { title: 'show', onclick: () => { this.t = s.t; this.viewer.goTo(s.z, s.y, s.x); } },
          el('span', { class: 'swatch', style: `background:${c.colour}` }), c.name,
          el('span', { class: 'muted' }, `${fmt(s.pixels)} px at ` + (this.is3d() ? `z ${s.z0}–${s.z0 + s.depth - 1}, ` : '') + `y ${s.y0}, x ${s.x0}`)));
      }
    } catch (e) { box.textContent = e.message; }
  }

  renderExport() {
    const box = $('#tab-export'), s = this.state;
    box.innerHTML = '';
    const sources = s.sources.map((n, i) => el('label', { class: 'row' }, el('input', { type: 'checkbox', value: n, checked: i === 0 || n === 'Simple Segmentation' }), n));
    const format = el('select', { id: 'export-format' }, ...s.formats.map((f) => el('option', { value: f, selected: f === s.export.format }, f)));
    const dtype = el('select', {}, ...['', 'uint8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64']
      .map((d) => el('option', { value: d, selected: (s.export.dtype || '') === d }, d || 'keep')));
    const renorm = el('input', { type: 'checkbox', checked: !!s.export.inputRange });
    const inMin = el('input', { type: 'number', value: s.export.inputRange ? s.export.inputRange[0] : 0, step: 'any' });
    const inMax = el('input', { type: 'number', value: s.export.inputRange ? s.export.inputRange[1] : 1, step: 'any' });
    const outMin = el('input', { type: 'number', value: s.export.exportRange ? s.export.exportRange[0] : 0, step: 'any' });
    const outMax = el('input', { type: 'number', value: s.export.exportRange ? s.export.exportRange[1] : 255, step: 'any' });
    const template = el('input', { value: s.export.filenameTemplate, size: 36 });
    const lanes = s.lanes.map((l, i) => el('label', { class: 'row' }, el('input', { type: 'checkbox', value: i, checked: true }), l.name));
    this.batchFiles = this.batchFiles || [];
    const fileList = el('div', { class: 'note' }, this.batchFiles.length ? this.batchFiles.join(', ') : 'no other files');
    const progress = el('progress', { id: 'export-progress', max: 1, value: 0 });
    const msg = el('div', { class: 'note', id: 'export-message' });
    const run = el('button', {
      class: 'primary', id: 'export-run', onclick: async () => {
        const num = (x) => (String(x.value).includes('.') ? parseFloat(x.value) : parseInt(x.value, 10));
        const body = {
          sources: sources.map((l) => l.querySelector('input')).filter((c) => c.checked).map((c) => c.value),
          format: format.value, dtype: dtype.value || null, filenameTemplate: template.value,
          inputRange: renorm.checked ? [num(inMin), num(inMax)] : null, exportRange: renorm.checked ? [num(outMin), num(outMax)] : null,
          lanes: lanes.map((l) => l.querySelector('input')).filter((c) => c.checked).map((c) => +c.value),
          files: this.batchFiles,
        };
        try {
          const r = await api.send('POST', '/api/export', body);
          this.jobs[r.job] = true;
          this.currentJob = r.job;
          cancel.disabled = false;
          msg.textContent = 'exporting…';
        } catch (e) { msg.textContent = e.message; this.status(e.message, true); }
      },
    }, 'Export');
    const cancel = el('button', { disabled: true, id: 'export-cancel', onclick: () => this.currentJob && api.send('POST', `/api/export/${this.currentJob}/cancel`) }, 'Cancel');
    box.append(el('h3', {}, 'What'), ...sources,
      el('h3', {}, 'How'), el('div', { class: 'row' }, 'format', format), el('div', { class: 'row' }, 'type', dtype),
      el('label', { class: 'row' }, renorm, 'renormalise'), el('div', { class: 'row range' }, 'from', inMin, inMax, 'to', outMin, outMax),
      el('div', { class: 'row' }, 'file', template),
      el('p', { class: 'note' }, 'Placeholders: {dataset_dir} {nickname} {result_type} (ilastik\'s); relative names are beside the project.'),
      el('h3', {}, 'Images'), ...lanes,
      el('div', { class: 'row' }, el('button', { onclick: async () => { const f = await this.chooseFiles('Images to process', true); if (f) { this.batchFiles = f; this.renderExport(); } } }, 'Other files (batch)…'),
        el('button', { onclick: () => { this.batchFiles = []; this.renderExport(); } }, 'clear')),
      fileList, el('div', { class: 'row' }, run, cancel), progress, msg);
  }

  jobProgress(e) {
    const p = $('#export-progress');
    if (p) p.value = e.fraction;
    const m = $('#export-message');
    if (m && e.message) m.textContent = `${Math.round(100 * e.fraction)} % · ${e.message}`;
  }

  jobFinished(e) {
    const m = $('#export-message');
    const c = $('#export-cancel');
    if (c) c.disabled = true;
    if (m) {
      m.innerHTML = '';
      m.append(el('div', {}, `${e.state}: ${e.files.length} file${e.files.length === 1 ? '' : 's'} written`),
        ...e.files.map((f) => el('div', { class: 'muted' }, f)), ...e.errors.map((x) => el('div', { class: 'problem' }, x)));
    }
    this.status(`export ${e.state}`, e.state !== 'done');
  }

  renderLayers() {
    const box = $('#layers');
    box.innerHTML = '';
    for (const l of this.layers) {
      const colour = l.colour || { labels: '#ffffff', seg: '#888', unc: '#ff28dc', raw: '#777', feature: '#aaa' }[l.kind];
      box.append(el('div', { class: 'layer', 'data-layer': l.id },
        el('input', { type: 'checkbox', checked: l.visible, onchange: (e) => { l.visible = e.target.checked; this.viewer.requestDraw(); } }),
        el('span', { class: 'swatch', style: `background:${colour}` }), l.name,
        el('input', { type: 'range', min: 0, max: 100, value: Math.round(l.opacity * 100), title: 'opacity', oninput: (e) => { l.opacity = e.target.value / 100; this.viewer.requestDraw(); } })));
    }
  }

  renderDisplay() {
    const box = $('#display');
    if (!this.state.lanes.length) { box.innerHTML = ''; return; }
    const c = this.shape().c;
    box.innerHTML = '';
    const mode = el('select', { onchange: (e) => { const v = e.target.value; if (v === 'composite') this.display.mode = 'composite'; else { this.display.mode = 'grey'; this.display.channel = +v; } this.renderDisplay(); this.viewer.requestDraw(); } },
      ...[...Array(c).keys()].map((k) => el('option', { value: k, selected: this.display.mode === 'grey' && this.display.channel === k }, `channel ${k} (grey)`)),
      c > 1 ? el('option', { value: 'composite', selected: this.display.mode === 'composite' }, 'composite') : null);
    box.append(el('h3', {}, 'Display'), el('div', { class: 'row' }, mode, el('button', { title: 'Contrast from the visible pixels', id: 'auto-range', onclick: () => this.autoRange() }, 'Auto'),
      el('button', { title: 'Fit the image (0)', onclick: () => this.viewer.fitAll() }, 'Fit')));
    for (const k of this.displayChannels()) {
      const w = this.windowOf(k);
      const mk = (key) => el('input', { type: 'number', step: 'any', value: +w[key].toPrecision(6), onchange: (e) => { w[key] = +e.target.value; this.viewer.requestDraw(); } });
      box.append(el('div', { class: 'row' }, c > 1 ? el('input', { type: 'color', value: w.colour, onchange: (e) => { w.colour = e.target.value; this.viewer.requestDraw(); } }) : null,
        `ch ${k}`, mk('min'), '–', mk('max')));
    }
  }

  /** Window from the 0.5 and 99.5 percentiles of the raw values visible now. */
  autoRange() {
    for (const k of this.displayChannels()) {
      const vals = [];
      for (const v of this.viewer.views) {
        for (const t of v.visibleTiles()) {
          const e = this.viewer.store.tiles.get(`raw/${v.posKey(t)}/${k}`);
          if (e && e.data) for (let i = 0; i < e.data.length; i += 7) vals.push(e.data[i]);
        }
      }
      if (!vals.length) continue;
      vals.sort((a, b) => a - b);
      const w = this.windowOf(k);
      w.min = vals[Math.floor(vals.length * 0.005)];
      w.max = vals[Math.floor(vals.length * 0.995)];
      if (w.max <= w.min) w.max = w.min + 1;
    }
    this.renderDisplay();
    this.viewer.requestDraw();
  }

  // ------------------------------------------------------------------ actions

  async act(promise, done) {
    try {
      const r = await promise;
      if (done) this.status(done);
      await this.reload();
      return r;
    } catch (e) {
      this.status(e.message, true);
      return null;
    }
  }

  setTool(t) {
    this.tool = t;
    document.querySelectorAll('.tools button').forEach((b) => b.classList.toggle('on', b.id === 'tool-' + t));
    this.viewer.requestDraw();
  }

  async train() {
    this.training = true;
    this.renderModel();
    try {
      const m = await api.send('POST', '/api/train');
      if (!m) this.status('nothing labelled yet', true);
    } catch (e) { this.status(e.message, true); }
    this.training = false;
    await this.reload();
  }

  async undo() {
    try {
      const r = await api.send('POST', '/api/undo');
      this.status(r.undone ? 'undone' : 'nothing to undo');
    } catch (e) { this.status(e.message, true); }
  }

  async deleteClass(k) {
    const c = this.state.classes[k - 1];
    if (c.labelled > 0 && !confirm(`Delete class '${c.name}' and its ${fmt(c.labelled)} labelled pixels?`)) return;
    await this.act(api.send('DELETE', `/api/classes/${k}`), 'class deleted');
  }

  async removeLane(i) {
    const l = this.state.lanes[i];
    if (!confirm(`Remove '${l.name}'` + (l.labelled ? ` and its ${fmt(l.labelled)} labelled pixels?` : '?'))) return;
    await this.act(api.send('DELETE', `/api/lanes/${i}`), 'image removed');
  }

  async addImages(sequence, axes, along) {
    const files = await this.chooseFiles(sequence ? 'Files of the sequence' : 'Images to add', true);
    if (!files || !files.length) return;
    if (sequence) await this.act(api.send('POST', '/api/lanes', { paths: files, axes: axes || null, stackAlong: along }), 'sequence added');
    else for (const f of files) await this.act(api.send('POST', '/api/lanes', { path: f, axes: axes || null }), `added ${f}`);
  }

  async importLabels() {
    const f = await this.chooseFiles('Label image to import', false);
    if (!f) return;
    await this.act(api.send('POST', `/api/lanes/${this.lane}/labels/import?path=${encodeURIComponent(f[0])}`), 'labels imported');
  }

  async save(as) {
    let path;
    if (as || !this.state.project.file) {
      const f = await this.chooseFiles('Save the project as', false, true);
      if (!f) return;
      path = f[0].endsWith('.sylva') ? f[0] : f[0] + '.sylva';
    }
    await this.act(api.send('POST', '/api/save', path ? { path } : {}), 'saved');
  }

  async open() {
    const f = await this.chooseFiles('Open a project (.sylva or .ilp)', false);
    if (!f) return;
    if (this.state.project.dirty && !confirm('The project has unsaved changes. Open another one anyway?')) return;
    await this.act(api.send('POST', '/api/open', { path: f[0] }), 'opened');
  }

  /** A small file browser over the folders opened in this session. */
  chooseFiles(title, multiple, saving = false) {
    const dlg = $('#files-dialog');
    $('#files-title').textContent = title;
    const name = $('#files-name');
    name.parentElement.hidden = !saving;
    const sug = this.state.project.suggested;
    name.value = saving ? sug.split('/').pop() : '';
    let dir = saving ? sug.slice(0, sug.lastIndexOf('/')) : null;
    let selected = new Set();
    const list = $('#files-list');
    const show = async (d) => {
      try {
        const r = await api.get('/api/files' + (d ? `?dir=${encodeURIComponent(d)}` : ''));
        dir = r.dir;
        $('#files-path').textContent = r.dir || 'opened folders';
        list.innerHTML = '';
        selected = new Set();
        if (r.parent) list.append(el('li', { class: 'dir', ondblclick: () => show(r.parent), onclick: () => show(r.parent) }, '..'));
        for (const e of r.entries) {
          const li = el('li', { class: e.folder ? 'dir' : '' }, e.name);
          li.addEventListener('click', (ev) => {
            if (e.folder) { show(e.path); return; }
            if (!multiple || !(ev.ctrlKey || ev.shiftKey || ev.metaKey)) { selected.clear(); list.querySelectorAll('li.sel').forEach((x) => x.classList.remove('sel')); }
            selected.add(e.path);
            li.classList.add('sel');
            if (saving) name.value = e.name;
          });
          li.addEventListener('dblclick', () => { if (!e.folder) { selected = new Set([e.path]); dlg.close('ok'); } });
          list.append(li);
        }
      } catch (e) { this.status(e.message, true); }
    };
    show(dir);
    return new Promise((resolve) => {
      dlg.onclose = () => {
        if (dlg.returnValue !== 'ok') return resolve(null);
        if (saving) return resolve(dir && name.value ? [dir + '/' + name.value] : null);
        resolve(selected.size ? [...selected] : null);
      };
      dlg.returnValue = '';
      dlg.showModal();
    });
  }

  bind() {
    $('#save-btn').onclick = () => this.save(false);
    $('#saveas-btn').onclick = () => this.save(true);
    $('#open-btn').onclick = () => this.open();
    $('#help-btn').onclick = () => $('#help-dialog').showModal();
    $('#live').onchange = (e) => this.act(api.send('POST', '/api/live', { on: e.target.checked }), e.target.checked ? 'live update on' : 'live update off');
    $('#time').oninput = (e) => { this.t = +e.target.value; $('#time-value').textContent = `${this.t} / ${this.shape().t - 1}`; this.viewer.requestDraw(); };
    document.querySelectorAll('#tabs button').forEach((b) => {
      b.onclick = () => {
        document.querySelectorAll('#tabs button').forEach((x) => x.classList.toggle('active', x === b));
        document.querySelectorAll('.tab').forEach((x) => x.classList.toggle('active', x.id === 'tab-' + b.dataset.tab));
        if (b.dataset.tab === 'training') this.loadExplorer($('#explorer'));
        // the feature table needs room for every scale: the side panel widens while it is shown
        $('#side').classList.toggle('wide', b.dataset.tab === 'features');
      };
    });
    window.addEventListener('keydown', (e) => {
      if (e.target.matches('input, select, textarea') && e.key !== 'Escape') return;
      if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); this.save(false); return; }
      if ((e.ctrlKey || e.metaKey) && e.key === 'z') { e.preventDefault(); this.undo(); return; }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key;
      if (k === 'b' || k === 'B') this.setTool('brush');
      else if (k === 'e' || k === 'E') this.setTool('eraser');
      else if (k === 'n' || k === 'N') this.setTool('nav');
      else if (k === 'l' || k === 'L') { $('#live').checked = !$('#live').checked; $('#live').onchange({ target: $('#live') }); }
      else if (k === '+' || k === '=') this.viewer.zoomAll(1.25);
      else if (k === '-' || k === '_') this.viewer.zoomAll(0.8);
      else if (k === '0') this.viewer.fitAll();
      else if (k === '[') { this.brushSize = Math.max(1, this.brushSize - 1); this.renderTraining(); }
      else if (k === ']') { this.brushSize = Math.min(61, this.brushSize + 1); this.renderTraining(); }
      else if (k === ' ') { this.viewer.space = true; e.preventDefault(); }
      else if ((k === 'ArrowUp' || k === 'ArrowDown') && this.is3d()) this.moveSlice('z', k === 'ArrowUp' ? -1 : 1);
      else if (/^[1-9]$/.test(k) && +k <= this.state.classes.length) { this.label = +k; if (this.tool !== 'brush') this.setTool('brush'); this.renderTraining(); }
    });
    window.addEventListener('keyup', (e) => { if (e.key === ' ') this.viewer.space = false; });
  }
}

const app = new App();
window.sylva = { app, viewer: app.viewer, metrics: app.viewer.metrics };
app.start().catch((e) => {
  document.body.innerHTML = '';
  document.body.append(el('div', { style: 'padding:40px;font-size:16px' }, el('h2', {}, 'Sylva could not start'), e.message,
    el('p', { class: 'muted' }, 'Open the URL Sylva printed when it started (it holds this session\'s key).')));
});
