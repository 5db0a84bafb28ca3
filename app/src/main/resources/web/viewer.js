// The image views: 2-D, or three orthogonal views of a volume with a shared crosshair. Tiles of 256×256 pixels
// are fetched at the visible scale (level L: every 2^L-th pixel) and kept; layers are drawn over each other.
import * as api from './api.js';

export const TILE = 256;
const MAX_PREDICTION_LEVEL = 3;     // coarser views would need the features of too many pixels
const AXES = { z: ['y', 'x'], y: ['z', 'x'], x: ['z', 'y'] };   // plane rows, columns per view axis
const TITLES = { z: 'xy', y: 'xz', x: 'yz' };
export const CHANNEL_COLOURS = ['#ff3030', '#30ff30', '#3070ff', '#00ffff', '#ff00ff', '#ffff00', '#ffffff'];

function rgb(hex) { return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]; }

/** Tile data shared by the views: raw channels, labels, predictions, features. */
class TileStore {
  constructor(viewer) {
    this.viewer = viewer;
    this.tiles = new Map();          // key → {data, width, height, version, loading, canvas, renderKey}
    this.inflight = 0;
  }

  clear(prefix) {
    for (const k of [...this.tiles.keys()]) if (!prefix || k.startsWith(prefix)) this.tiles.delete(k);
  }

  /** The entry for key, fetching when it is missing or older than version (the old data stays drawable). */
  want(key, url, version, parse, onLoad) {
    let e = this.tiles.get(key);
    if (!e) { e = { version: -1, data: null, loading: null }; this.tiles.set(key, e); }
    if (e.version >= version || (e.loading !== null && e.loading >= version)) return e;
    e.loading = version;
    this.inflight++;
    api.tile(url).then((t) => {
      if (version >= e.version) {
        e.data = parse(t);
        e.width = t.width; e.height = t.height; e.version = version; e.info = t;
        e.renderKey = null;
      }
      if (onLoad) onLoad(e, t);
    }).catch((err) => {
      if (err.status !== 409) this.viewer.app.status(`tile: ${err.message}`, true);
      e.failed = version;
    }).finally(() => {
      if (e.loading === version) e.loading = null;
      this.inflight--;
      this.viewer.requestDraw();
    });
    return e;
  }
}

class View {
  constructor(viewer, axis, el) {
    this.viewer = viewer;
    this.app = viewer.app;
    this.axis = axis;
    this.el = el;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'view-canvas';
    this.canvas.dataset.axis = axis;
    el.appendChild(this.canvas);
    const label = document.createElement('div');
    label.className = 'view-label';
    this.label = label;
    el.appendChild(label);
    this.ctx = this.canvas.getContext('2d');
    this.cam = { cx: 0, cy: 0, zoom: 1 };
    this.mouse = null;
    this.stroke = null;
    this.drag = null;
    this.attach();
  }

  get plane() {
    const s = this.app.shape();
    const [r, c] = AXES[this.axis];
    return { h: s[r], w: s[c], rows: r, cols: c };
  }

  index() { return this.app.pos[this.axis]; }

  size() { return { W: this.canvas.clientWidth, H: this.canvas.clientHeight }; }

  fit() {
    const { W, H } = this.size();
    const p = this.plane;
    this.cam.zoom = Math.min(W / p.w, H / p.h) * 0.98;
    this.cam.cx = p.w / 2;
    this.cam.cy = p.h / 2;
  }

  toPlane(sx, sy) {
    const { W, H } = this.size();
    return { r: this.cam.cy + (sy - H / 2) / this.cam.zoom, c: this.cam.cx + (sx - W / 2) / this.cam.zoom };
  }

  toScreen(r, c) {
    const { W, H } = this.size();
    return { x: (c - this.cam.cx) * this.cam.zoom + W / 2, y: (r - this.cam.cy) * this.cam.zoom + H / 2 };
  }

  level() {
    return Math.max(0, Math.min(12, Math.floor(Math.log2(1 / this.cam.zoom) + 1e-9)));
  }

  /** Visible tiles at the current level, centre first. */
  visibleTiles() {
    const L = this.level(), span = TILE << L;
    const { W, H } = this.size();
    const p = this.plane;
    const a = this.toPlane(0, 0), b = this.toPlane(W, H);
    const r0 = Math.max(0, Math.floor(a.r / span)), r1 = Math.min(Math.ceil(p.h / span) - 1, Math.floor((b.r - 1e-6) / span));
    const c0 = Math.max(0, Math.floor(a.c / span)), c1 = Math.min(Math.ceil(p.w / span) - 1, Math.floor((b.c - 1e-6) / span));
    const out = [];
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) out.push({ row: r, col: c, level: L });
    const mr = (r0 + r1) / 2, mc = (c0 + c1) / 2;
    out.sort((u, v) => Math.hypot(u.row - mr, u.col - mc) - Math.hypot(v.row - mr, v.col - mc));
    return out;
  }

  query(t) {
    const a = this.app;
    return `t=${a.t}&axis=${this.axis}&index=${this.index()}&level=${t.level}&row=${t.row}&col=${t.col}`;
  }

  posKey(t) { return `${this.app.lane}/${this.app.t}/${this.axis}/${this.index()}/${t.level}/${t.row}/${t.col}`; }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr)), h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) { this.canvas.width = w; this.canvas.height = h; }
  }

  // ------------------------------------------------------------------ drawing

  draw() {
    this.resize();
    const ctx = this.ctx, dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { W, H } = this.size();
    ctx.fillStyle = '#101014';
    ctx.fillRect(0, 0, W, H);
    ctx.imageSmoothingEnabled = false;
    const a = this.app, store = this.viewer.store;
    const tiles = this.visibleTiles();
    const layers = a.layers.filter((l) => l.visible && l.opacity > 0).slice().reverse();  // bottom first
    const model = a.state.model;
    const predOk = model && tiles.length && tiles[0].level <= MAX_PREDICTION_LEVEL;
    let predictionsDrawn = 0, predictionsWanted = 0, previewsDrawn = 0;
    const needPrediction = layers.some((l) => ['prob', 'seg', 'unc'].includes(l.kind));
    // ask for data: raw first, then prediction previews for every visible tile, then full predictions
    for (const t of tiles) {
      for (const c of a.displayChannels()) this.rawEntry(t, c);
      if (layers.some((l) => l.kind === 'labels')) this.labelEntry(t);
      if (layers.some((l) => l.kind === 'feature') && a.featureChannel !== null) this.featureEntry(t);
    }
    if (predOk && needPrediction) {
      for (const t of tiles) this.predictionEntry(t, true);
      for (const t of tiles) this.predictionEntry(t, false);
    }
    // each tile's layers are composed once into one picture (again only when a layer's data, colours or opacity
    // change); a frame then scales one picture per tile
    const stackKey = layers.map((l) => `${l.id}:${l.opacity}`).join('|');
    const comps = this.viewer.composites;
    for (const t of tiles) {
      const parts = [];
      for (const layer of layers) {
        const canvas = this.tileCanvas(layer, t);
        if (layer.kind === 'prob' || layer.kind === 'seg' || layer.kind === 'unc') {
          predictionsWanted++;
          const e = store.tiles.get('pred/' + this.posKey(t));
          if (e && e.data && model && e.info.generation === model.generation) {
            predictionsDrawn++;
            if (e.info.preview) previewsDrawn++;
          }
        }
        if (canvas) parts.push([layer, canvas]);
      }
      if (!parts.length) continue;
      const pk = this.posKey(t);
      const key = stackKey + '#' + parts.map(([l, c]) => `${l.id}:${c.serial}`).join();
      let comp = comps.get(pk);
      if (!comp || comp.key !== key) {
        const w = parts[0][1].width * (parts[0][1].scale || 1), h = parts[0][1].height * (parts[0][1].scale || 1);
        const canvas = comp && comp.canvas.width === w && comp.canvas.height === h ? comp.canvas : document.createElement('canvas');
        canvas.width = w; canvas.height = h;
        const g = canvas.getContext('2d');
        g.imageSmoothingEnabled = false;
        g.clearRect(0, 0, w, h);
        for (const [l, c] of parts) {
          g.globalAlpha = l.opacity;
          const sc = c.scale || 1;
          if (sc === 1) g.drawImage(c, 0, 0); else g.drawImage(c, 0, 0, c.width * sc, c.height * sc);
        }
        comp = { key, canvas };
        comps.set(pk, comp);
        if (comps.size > 600) comps.delete(comps.keys().next().value);
      }
      const L = t.level, st = 1 << L;
      const p0 = this.toScreen(t.row * (TILE << L), t.col * (TILE << L));
      ctx.drawImage(comp.canvas, p0.x, p0.y, comp.canvas.width * st * this.cam.zoom, comp.canvas.height * st * this.cam.zoom);
    }
    ctx.globalAlpha = 1;
    this.drawStrokes(ctx);
    this.drawOverlay(ctx, W, H);
    if (needPrediction && model && !predOk) this.note = 'zoom in to see the prediction';
    else this.note = '';
    return { predictionsDrawn, predictionsWanted, previewsDrawn };
  }

  rawEntry(t, c) {
    const a = this.app;
    const key = `raw/${this.posKey(t)}/${c}`;
    return this.viewer.store.want(key, `/api/lanes/${a.lane}/tile/raw?${this.query(t)}&channel=${c}`, 0,
      (r) => (r.dtype === 'uint8' ? new Uint8Array(r.buffer) : r.dtype === 'uint16' ? new Uint16Array(r.buffer) : new Float32Array(r.buffer)));
  }

  labelEntry(t) {
    const a = this.app;
    return this.viewer.store.want('labels/' + this.posKey(t), `/api/lanes/${a.lane}/tile/labels?${this.query(t)}`,
      a.labelRevision, (r) => new Uint8Array(r.buffer), () => this.viewer.labelsArrived());
  }

  featureEntry(t) {
    const a = this.app;
    return this.viewer.store.want(`feat/${a.featureChannel}/${a.featureEpoch}/` + this.posKey(t),
      `/api/lanes/${a.lane}/tile/feature?${this.query(t)}&channel=${a.featureChannel}`, 0, (r) => new Float32Array(r.buffer));
  }

  /** Prediction versions: 2·generation for a preview, 2·generation+1 for the full tile. */
  predictionEntry(t, preview) {
    const a = this.app, g = a.state.model.generation;
    const store = this.viewer.store, key = 'pred/' + this.posKey(t);
    const e = store.tiles.get(key);
    const version = 2 * g + (preview ? 0 : 1);
    if (preview && e && (e.version >= version || (e.loading !== null && e.loading >= version))) return e;
    if (!preview && e && e.failed === version) return e;
    return store.want(key, `/api/lanes/${a.lane}/tile/prediction?${this.query(t)}&preview=${preview ? a.state.previewStride : 1}`, version,
      (r) => new Uint8Array(r.buffer), () => this.viewer.predictionArrived());
  }

  /** The tile's picture for a layer, rendered from its data when the data or the colours changed. */
  tileCanvas(layer, t) {
    const a = this.app, store = this.viewer.store;
    let e, renderKey;
    if (layer.kind === 'raw') {
      const chans = a.displayChannels();
      const es = chans.map((c) => store.tiles.get(`raw/${this.posKey(t)}/${c}`));
      if (es.some((x) => !x || !x.data)) return null;
      e = es[0];
      renderKey = 'raw' + a.displayKey() + es.map((x) => x.version).join();
      if (e.rawKey !== renderKey) {
        e.rawCanvas = this.paint(e.width, e.height, (img) => {
          const n = e.width * e.height, d = img.data;
          const ws = chans.map((c) => a.windowOf(c));
          const cols = chans.map((c) => (a.display.mode === 'grey' ? [255, 255, 255] : rgb(a.windowOf(c).colour)));
          for (let i = 0; i < n; i++) {
            let R = 0, G = 0, B = 0;
            for (let k = 0; k < chans.length; k++) {
              const w = ws[k];
              let v = (es[k].data[i] - w.min) / (w.max - w.min || 1);
              v = v < 0 ? 0 : v > 1 ? 1 : v;
              R += v * cols[k][0]; G += v * cols[k][1]; B += v * cols[k][2];
            }
            d[4 * i] = R; d[4 * i + 1] = G; d[4 * i + 2] = B; d[4 * i + 3] = 255;
          }
        });
        e.rawKey = renderKey;
      }
      return e.rawCanvas;
    }
    if (layer.kind === 'labels') {
      e = store.tiles.get('labels/' + this.posKey(t));
      if (!e || !e.data) return null;
      renderKey = 'labels' + e.version + a.classKey();
      if (e.renderKey !== renderKey) {
        const colours = a.state.classes.map((c) => rgb(c.colour));
        e.canvas = this.paint(e.width, e.height, (img) => {
          const d = img.data;
          for (let i = 0; i < e.data.length; i++) {
            const v = e.data[i];
            if (v === 0 || v > colours.length) continue;
            const c = colours[v - 1];
            d[4 * i] = c[0]; d[4 * i + 1] = c[1]; d[4 * i + 2] = c[2]; d[4 * i + 3] = 255;
          }
        });
        e.renderKey = renderKey;
      }
      return e.canvas;
    }
    if (layer.kind === 'feature') {
      e = store.tiles.get(`feat/${a.featureChannel}/${a.featureEpoch}/` + this.posKey(t));
      if (!e || !e.data) return null;
      const w = a.featureWindow;
      renderKey = `f${w.min}/${w.max}/${e.version}`;
      if (e.renderKey !== renderKey) {
        e.canvas = this.paint(e.width, e.height, (img) => {
          const d = img.data;
          for (let i = 0; i < e.data.length; i++) {
            let v = (e.data[i] - w.min) / (w.max - w.min || 1);
            v = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
            d[4 * i] = v; d[4 * i + 1] = v; d[4 * i + 2] = v; d[4 * i + 3] = 255;
          }
        });
        e.renderKey = renderKey;
      }
      return e.canvas;
    }
    // prediction-derived layers (a preview's picture is stride times smaller and drawn scaled up)
    e = store.tiles.get('pred/' + this.posKey(t));
    if (!e || !e.data) return null;
    const st = e.info.stride || 1, pw = Math.ceil(e.width / st), ph = Math.ceil(e.height / st);
    const K = e.info.classes, n = pw * ph;
    e.canvases = e.canvases || {};
    renderKey = layer.id + e.version + a.classKey();
    const cached = e.canvases[layer.id];
    if (cached && cached.key === renderKey) return cached.canvas;
    const colours = a.state.classes.map((c) => rgb(c.colour));
    const canvas = this.paint(pw, ph, (img) => {
      const d = img.data;
      if (layer.kind === 'prob') {
        const c = colours[layer.k - 1] || [255, 255, 255], off = (layer.k - 1) * n;
        if (layer.k > K) return;
        for (let i = 0; i < n; i++) { d[4 * i] = c[0]; d[4 * i + 1] = c[1]; d[4 * i + 2] = c[2]; d[4 * i + 3] = e.data[off + i]; }
      } else if (layer.kind === 'seg') {
        const off = K * n;
        for (let i = 0; i < n; i++) {
          const c = colours[e.data[off + i] - 1] || [0, 0, 0];
          d[4 * i] = c[0]; d[4 * i + 1] = c[1]; d[4 * i + 2] = c[2]; d[4 * i + 3] = 255;
        }
      } else {
        const off = (K + 1) * n;
        for (let i = 0; i < n; i++) { d[4 * i] = 255; d[4 * i + 1] = 40; d[4 * i + 2] = 220; d[4 * i + 3] = e.data[off + i]; }
      }
    });
    canvas.scale = st;
    e.canvases[layer.id] = { key: renderKey, canvas };
    return canvas;
  }

  paint(w, h, fill) {
    const c = document.createElement('canvas');
    c.serial = ++this.viewer.serial;
    c.width = w; c.height = h;
    const g = c.getContext('2d');
    const img = g.createImageData(w, h);
    fill(img);
    g.putImageData(img, 0, 0);
    return c;
  }

  drawStrokes(ctx) {
    const a = this.app;
    const all = [...this.viewer.pending];
    if (this.stroke) all.push(this.stroke);
    for (const s of all) {
      if (s.axis !== this.axis || s.index !== this.index() || s.t !== a.t || s.lane !== a.lane) continue;
      ctx.save();
      ctx.globalAlpha = s.label === 0 ? 0.6 : Math.max(0.3, a.layerOpacity('labels'));
      ctx.strokeStyle = s.label === 0 ? '#000' : a.state.classes[s.label - 1].colour;
      ctx.lineWidth = Math.max(1, s.size * this.cam.zoom);
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      ctx.beginPath();
      s.points.forEach(([r, c], i) => {
        const p = this.toScreen(r, c);
        if (i === 0) ctx.moveTo(p.x, p.y); else ctx.lineTo(p.x, p.y);
      });
      if (s.points.length === 1) { const p = this.toScreen(s.points[0][0], s.points[0][1]); ctx.lineTo(p.x + 0.01, p.y); }
      ctx.stroke();
      ctx.restore();
    }
  }

  drawOverlay(ctx, W, H) {
    const a = this.app;
    if (a.is3d()) {
      const [rAxis, cAxis] = AXES[this.axis];
      const p = this.toScreen(a.pos[rAxis] + 0.5, a.pos[cAxis] + 0.5);
      ctx.strokeStyle = 'rgba(255,255,255,0.45)';
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(0, p.y); ctx.lineTo(W, p.y);
      ctx.moveTo(p.x, 0); ctx.lineTo(p.x, H);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (this.mouse && (a.tool === 'brush' || a.tool === 'eraser')) {
      ctx.strokeStyle = a.tool === 'eraser' ? '#fff' : (a.state.classes[a.label - 1] || {}).colour || '#fff';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(this.mouse.x, this.mouse.y, Math.max(1, (a.brushSize * this.cam.zoom) / 2), 0, 2 * Math.PI);
      ctx.stroke();
    }
    const p = this.plane;
    this.label.textContent = a.is3d() ? `${TITLES[this.axis]} · ${this.axis} = ${this.index()} / ${a.shape()[this.axis] - 1}` +
      `  ·  ${Math.round(this.cam.zoom * 100)} %${this.note ? '  ·  ' + this.note : ''}`
      : `${p.w} × ${p.h}  ·  ${Math.round(this.cam.zoom * 100)} %${this.note ? '  ·  ' + this.note : ''}`;
  }

  // ------------------------------------------------------------------ interaction

  attach() {
    const cv = this.canvas;
    cv.addEventListener('contextmenu', (e) => e.preventDefault());
    cv.addEventListener('pointerdown', (e) => this.down(e));
    cv.addEventListener('pointermove', (e) => this.move(e));
    cv.addEventListener('pointerup', (e) => this.up(e));
    cv.addEventListener('pointercancel', (e) => this.up(e));
    cv.addEventListener('pointerleave', () => { this.mouse = null; this.viewer.requestDraw(); });
    cv.addEventListener('dblclick', (e) => {
      const p = this.toPlane(e.offsetX, e.offsetY);
      this.viewer.centreOn(this.axis, p);
    });
    cv.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey || !this.app.is3d()) {
        this.zoomAt(e.offsetX, e.offsetY, Math.pow(1.0015, -e.deltaY));
      } else {
        this.app.moveSlice(this.axis, e.deltaY > 0 ? 1 : -1);
      }
    }, { passive: false });
  }

  zoomAt(sx, sy, f) {
    const before = this.toPlane(sx, sy);
    this.cam.zoom = Math.min(64, Math.max(1 / 256, this.cam.zoom * f));
    const after = this.toPlane(sx, sy);
    this.cam.cx += before.c - after.c;
    this.cam.cy += before.r - after.r;
    this.viewer.requestDraw();
  }

  down(e) {
    this.canvas.setPointerCapture(e.pointerId);
    const a = this.app;
    const pan = e.button === 1 || (e.button === 0 && (a.tool === 'nav' || this.viewer.space));
    if (pan) {
      this.drag = { kind: 'pan', x: e.offsetX, y: e.offsetY, cx: this.cam.cx, cy: this.cam.cy };
    } else if (e.button === 2) {
      const c = a.display.mode === 'grey' ? a.display.channel : a.displayChannels()[0];
      const w = a.windowOf(c);
      this.drag = { kind: 'window', x: e.offsetX, y: e.offsetY, channel: c, min: w.min, max: w.max };
    } else if (e.button === 0 && (a.tool === 'brush' || a.tool === 'eraser')) {
      if (!a.state.classes.length && a.tool === 'brush') { a.status('add a label class first', true); return; }
      const p = this.toPlane(e.offsetX, e.offsetY);
      this.stroke = {
        lane: a.lane, t: a.t, axis: this.axis, index: this.index(), size: a.brushSize,
        label: a.tool === 'eraser' ? 0 : a.label, points: [[p.r, p.c]],
      };
    }
    this.viewer.requestDraw();
  }

  move(e) {
    this.mouse = { x: e.offsetX, y: e.offsetY };
    const p = this.toPlane(e.offsetX, e.offsetY);
    this.app.pointerAt(this.axis, p);
    if (this.drag && this.drag.kind === 'pan') {
      this.cam.cx = this.drag.cx - (e.offsetX - this.drag.x) / this.cam.zoom;
      this.cam.cy = this.drag.cy - (e.offsetY - this.drag.y) / this.cam.zoom;
    } else if (this.drag && this.drag.kind === 'window') {
      const d = this.drag, width = d.max - d.min || 1;
      const shift = ((e.offsetX - d.x) / 300) * width, scale = Math.exp((e.offsetY - d.y) / 200);
      const mid = (d.min + d.max) / 2 - shift, half = (width / 2) * scale;
      this.app.setWindow(d.channel, mid - half, mid + half);
    } else if (this.stroke) {
      const last = this.stroke.points[this.stroke.points.length - 1];
      if (Math.hypot(last[0] - p.r, last[1] - p.c) * this.cam.zoom >= 1) this.stroke.points.push([p.r, p.c]);
    }
    this.viewer.requestDraw();
  }

  up() {
    this.drag = null;
    if (this.stroke) {
      const s = this.stroke;
      this.stroke = null;
      this.viewer.commitStroke(s);
    }
    this.viewer.requestDraw();
  }
}

export class Viewer {
  constructor(app, container) {
    this.app = app;
    this.container = container;
    this.store = new TileStore(this);
    this.views = [];
    this.pending = [];
    this.composites = new Map();
    this.serial = 0;
    this.space = false;
    this.drawQueued = false;
    this.metrics = { strokes: [] };
    new ResizeObserver(() => this.requestDraw()).observe(container);
  }

  /** Lays out one view (2-D) or three (3-D) for the current lane. */
  layout() {
    this.container.innerHTML = '';
    this.views = [];
    const axes = this.app.is3d() ? ['z', 'y', 'x'] : ['z'];
    this.container.className = 'views ' + (axes.length === 3 ? 'three' : 'one');
    for (const ax of axes) {
      const el = document.createElement('div');
      el.className = 'view';
      this.container.appendChild(el);
      this.views.push(new View(this, ax, el));
    }
    if (axes.length === 3) {
      const info = document.createElement('div');
      info.className = 'view info-view';
      info.id = 'info-view';
      this.container.appendChild(info);
    }
    requestAnimationFrame(() => { this.views.forEach((v) => { v.resize(); v.fit(); }); this.requestDraw(); });
  }

  requestDraw() {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.drawNow();
    });
  }

  drawNow() {
    if (!this.app.state || !this.app.state.lanes.length) return;
    let drawn = 0, wanted = 0, previews = 0;
    for (const v of this.views) {
      const r = v.draw();
      drawn += r.predictionsDrawn; wanted += r.predictionsWanted; previews += r.previewsDrawn;
    }
    // latency: from the end of a stroke to the first complete picture of the new classifier (preview or full)
    const m = this.metrics, g = this.app.state.model && this.app.state.model.generation;
    for (const s of m.strokes) {
      if (!s.generation || !g || g < s.generation || wanted === 0 || drawn < wanted) continue;
      const now = performance.now();
      if (s.firstPaint === undefined) s.firstPaint = now - s.end;
      if (s.fullPaint === undefined && previews === 0) s.fullPaint = now - s.end;
    }
    this.app.drawn({ drawn, wanted, previews });
  }

  zoomAll(f) {
    for (const v of this.views) { const { W, H } = v.size(); v.zoomAt(W / 2, H / 2, f); }
  }

  fitAll() { this.views.forEach((v) => v.fit()); this.requestDraw(); }

  centreOn(axis, p) {
    const a = this.app;
    const [rAxis, cAxis] = AXES[axis];
    a.pos[rAxis] = Math.max(0, Math.min(a.shape()[rAxis] - 1, Math.floor(p.r)));
    a.pos[cAxis] = Math.max(0, Math.min(a.shape()[cAxis] - 1, Math.floor(p.c)));
    for (const v of this.views) {
      const [vr, vc] = AXES[v.axis];
      v.cam.cy = a.pos[vr] + 0.5;
      v.cam.cx = a.pos[vc] + 0.5;
    }
    a.positionChanged();
  }

  /** Shows a point (z, y, x) in every view. */
  goTo(z, y, x) {
    const a = this.app;
    a.pos = { z, y, x };
    for (const v of this.views) {
      const [vr, vc] = AXES[v.axis];
      v.cam.cy = a.pos[vr] + 0.5;
      v.cam.cx = a.pos[vc] + 0.5;
      v.cam.zoom = Math.max(v.cam.zoom, 2);
    }
    a.positionChanged();
  }

  async commitStroke(s) {
    const a = this.app;
    s.end = performance.now();
    this.pending.push(s);
    const record = { end: s.end, label: s.label };
    this.metrics.strokes.push(record);
    if (this.metrics.strokes.length > 50) this.metrics.strokes.shift();
    try {
      const r = await api.send('POST', `/api/lanes/${s.lane}/stroke`, {
        t: s.t, axis: s.axis, index: s.index, points: s.points, size: s.size, label: s.label,
      });
      s.rev = r.labelRevision;
      record.rev = r.labelRevision;
      record.posted = performance.now() - s.end;
      a.labelsEdited(r.labelRevision);
    } catch (e) {
      this.pending = this.pending.filter((x) => x !== s);
      a.status(`stroke: ${e.message}`, true);
    }
    this.requestDraw();
  }

  /** Label tiles arrived: strokes whose labels every visible tile now shows are no longer drawn by hand. */
  labelsArrived() {
    const shown = this.minVisibleVersion('labels/');
    this.pending = this.pending.filter((s) => s.rev === undefined || s.rev > shown);
  }

  minVisibleVersion(prefix) {
    let min = Infinity;
    for (const v of this.views) {
      for (const t of v.visibleTiles()) {
        const e = this.store.tiles.get(prefix + v.posKey(t));
        min = Math.min(min, e ? e.version : -1);
      }
    }
    return min;
  }

  /** A prediction tile arrived: strokes waiting for their picture note when (the last tile before the paint). */
  predictionArrived() {
    const g = this.app.state.model && this.app.state.model.generation, now = performance.now();
    for (const s of this.metrics.strokes) {
      if (s.generation === undefined || s.generation !== g) continue;
      if (s.firstPaint === undefined) s.previewsArrived = now - s.end;
      else if (s.fullPaint === undefined) s.fullArrived = now - s.end;
    }
  }

  /** A new classifier: strokes waiting for it learn their generation. */
  trained(model) {
    for (const s of this.metrics.strokes) {
      if (s.generation === undefined && s.rev !== undefined && s.rev <= model.labelRevision) {
        s.generation = model.generation;
        s.trained = performance.now() - s.end;
      }
    }
    this.requestDraw();
  }
}
