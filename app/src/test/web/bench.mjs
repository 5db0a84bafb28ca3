// Latency of Sylva's web app in chromium (run by AppLatencyBench; see docs/performance.md).
// Usage: node bench.mjs URL RESULT.json MODE [REPS] [SCREENSHOT] [OPENED]
//   OPENED: when the server began to open the project (ms since the epoch): first paint is timed from there too.
//   MODE 2d: a 2048×2048 image in a 1024×1024 view: time from opening to the first prediction painted, then
//            strokes with live update at 100 % zoom (features cached): end of stroke → prediction painted.
//   MODE 3d: a 256³ volume in three views: slice changes once the slices were computed.
import { recording } from './browser.mjs';

const [url, resultFile, mode, repsArg, shot, openedArg] = process.argv.slice(2);
const reps = +(repsArg || 9);
const result = { mode };
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null; };
await recording(resultFile, result, async (browser) => {
  // the view area is 1024×1024 CSS pixels: sidebar 340 (with its border); top bar 42, bottom bar 30
  const page = await browser.newPage({ viewport: { width: 340 + 1024, height: 42 + 1024 + 30 } });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.sylva && window.sylva.ready && window.sylva.viewer.views.length);
  result.view = await page.evaluate(() => window.sylva.viewer.views.map((v) => v.size()));
  // until every visible prediction tile of the current classifier is painted (preview, then full resolution)
  const painted = (full) => page.waitForFunction((full) => {
    const a = window.sylva.app, d = a.lastDraw;
    return a.state.model && d && d.wanted > 0 && d.drawn === d.wanted && (!full || d.previews === 0);
  }, full, { timeout: 300000, polling: 'raf' });

  if (mode === '2d') {
    await painted(false);
    result.openFirstPaintMs = Date.now() - t0;
    if (openedArg) result.serverOpenFirstPaintMs = Date.now() - +openedArg;
    await painted(true);
    result.openFullPaintMs = Date.now() - t0;
    result.openLevel = await page.evaluate(() => window.sylva.viewer.views[0].level());
    // 100 % zoom on image pixels 512…1535 (both axes): exactly 16 tiles; wait until computed (features cached)
    await page.evaluate(() => {
      const v = window.sylva.viewer.views[0], { W, H } = v.size();
      v.cam.zoom = 1; v.cam.cx = 512 + W / 2; v.cam.cy = 512 + H / 2;
      window.sylva.app.lastDraw = null;
      window.sylva.viewer.requestDraw();
    });
    const z0 = Date.now();
    await painted(true);
    result.tiles100 = await page.evaluate(() => window.sylva.viewer.views[0].visibleTiles().length);
    result.zoom100FirstComputeMs = Date.now() - z0;
    await page.locator('#live').check();
    await page.waitForFunction(() => window.sylva.app.state.model && window.sylva.app.state.model.generation >= 2);
    await painted(true);
    const canvas = page.locator('canvas.view-canvas').first();
    const box = await canvas.boundingBox();
    const strokes = [];
    for (let i = 0; i < reps; i++) {
      const label = 1 + (i % 2);
      await page.keyboard.press(String(label));
      // short strokes in different places of the view, like corrections (image coordinates)
      const r = 560 + ((i * 97) % 900), c = 560 + ((i * 211) % 900);
      const s = await page.evaluate(([r, c]) => window.sylva.viewer.views[0].toScreen(r, c), [r, c]);
      await page.mouse.move(box.x + s.x, box.y + s.y);
      await page.mouse.down();
      await page.mouse.move(box.x + s.x + 25, box.y + s.y + 6, { steps: 6 });
      await page.mouse.up();
      await page.waitForFunction((n) => { const m = window.sylva.viewer.metrics.strokes; return m.length >= n && m[m.length - 1].fullPaint !== undefined; },
        strokes.length + 1 + 0, { timeout: 300000 });
      const m = await page.evaluate(() => { const s = window.sylva.viewer.metrics.strokes; return { ...s[s.length - 1] }; });
      strokes.push(m);
      await page.waitForTimeout(300);
    }
    result.strokes = strokes;
    result.model = await page.evaluate(() => window.sylva.app.state.model);
    result.median = {
      posted: median(strokes.map((s) => s.posted)), trained: median(strokes.map((s) => s.trained)),
      firstPaint: median(strokes.map((s) => s.firstPaint)), fullPaint: median(strokes.map((s) => s.fullPaint)),
      previewsArrived: median(strokes.map((s) => s.previewsArrived)), fullArrived: median(strokes.map((s) => s.fullArrived)),
    };
    if (shot) await page.screenshot({ path: shot });
  } else {
    await page.locator('#live').check();
    await painted(true);
    result.openFullPaintMs = Date.now() - t0;
    // compute a few slices of the xy view, then move between them
    const slices = [120, 121, 122, 123, 124, 125];
    // slice changes: measured in the page from the change to the frame that shows raw data and prediction
    const measure = (clearClient, rounds) => page.evaluate(async ([slices, clearClient, rounds]) => {
      const a = window.sylva.app, v = window.sylva.viewer;
      const out = [];
      for (let k = 0; k < rounds; k++) {
        for (const z of slices) {
          if (clearClient) { v.store.clear('raw/'); v.store.clear('pred/'); v.store.clear('labels/'); }
          const t = performance.now();
          a.pos.z = z; a.positionChanged();
          await new Promise((resolve) => {
            const check = () => {
              const d = a.lastDraw;
              const view = v.views[0];
              const ok = view.visibleTiles().every((tile) => {
                const key = view.posKey(tile);
                const r = v.store.tiles.get(`raw/${key}/0`), p = v.store.tiles.get('pred/' + key);
                return r && r.data && p && p.data && p.info.generation === a.state.model.generation && !p.info.preview;
              });
              if (ok && d && d.drawn === d.wanted && !v.drawQueued) resolve(); else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          });
          out.push(performance.now() - t);
        }
      }
      return out;
    }, [slices, clearClient, rounds]);
    const firstCompute = await measure(false, 1);
    result.firstComputeMs = firstCompute;
    result.sliceChangeBrowserCacheMs = await measure(false, 2);
    result.sliceChangeServerCacheMs = await measure(true, 2);
    result.median = { browserCache: median(result.sliceChangeBrowserCacheMs), serverCache: median(result.sliceChangeServerCacheMs), firstCompute: median(firstCompute) };
    if (shot) await page.screenshot({ path: shot });
  }
}, 1);
