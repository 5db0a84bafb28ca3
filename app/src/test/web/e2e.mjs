// End-to-end test of Sylva's web app in a real browser (Debian's chromium, driven by playwright-core).
// Usage: node e2e.mjs URL RESULT.json
// Opens the demo, paints a stroke of each class, switches on live update, paints once more, waits for the
// prediction to be painted, records what the browser shows; saves, reopens the project from disk and reloads the
// page. The JUnit test (AppBrowserTest) compares the recorded prediction with the headless one.
import { recording } from './browser.mjs';

const [url, resultFile] = process.argv.slice(2);
const result = { steps: [] };
const step = (s) => { result.steps.push(s); console.log('e2e:', s); };

await recording(resultFile, result, async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.sylva && window.sylva.ready && window.sylva.app.state.lanes.length);
  // the raw tiles are drawn
  await page.waitForFunction(() => {
    const v = window.sylva.viewer.views[0];
    return v && [...window.sylva.viewer.store.tiles.keys()].some((k) => k.startsWith('raw/')) && window.sylva.viewer.store.inflight === 0;
  });
  step('opened');
  result.labelledBefore = await page.evaluate(() => window.sylva.app.state.lanes[0].labelled);

  const canvas = page.locator('canvas.view-canvas').first();
  const box = await canvas.boundingBox();
  // screen position of image pixel (row, col) of the first view
  const at = (r, c) => page.evaluate(([r, c]) => window.sylva.viewer.views[0].toScreen(r, c), [r, c]);
  const pixels = () => page.evaluate(() => {
    const cv = document.querySelector('canvas.view-canvas');
    return Array.from(cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data.filter((_, i) => i % 4 !== 3));
  });
  const drag = async (points, key) => {
    await page.keyboard.press(key);
    const s = await at(...points[0]);
    await page.mouse.move(box.x + s.x, box.y + s.y);
    await page.mouse.down();
    for (const p of points.slice(1)) {
      const q = await at(...p);
      await page.mouse.move(box.x + q.x, box.y + q.y, { steps: 8 });
    }
    await page.mouse.up();
  };
  await page.evaluate(() => { window.sylva.app.brushSize = 4; });
  const before = await pixels();
  // a stroke of background through dark space at the top left, one of "blob" across a bright blob
  await drag([[20, 10], [25, 60], [15, 110]], '1');
  await drag([[196, 229], [200, 236], [206, 240]], '2');
  await page.waitForFunction(() => window.sylva.viewer.metrics.strokes.length === 2 && window.sylva.viewer.metrics.strokes.every((s) => s.rev));
  step('painted two strokes');

  await page.locator('#live').check();
  const done = () => page.waitForFunction(() => {
    const a = window.sylva.app, m = a.state.model, s = window.sylva.viewer.metrics.strokes;
    const last = s[s.length - 1];
    return m && last && last.fullPaint !== undefined && a.lastDraw && a.lastDraw.previews === 0 && a.lastDraw.drawn === a.lastDraw.wanted;
  }, null, { timeout: 120000 });
  await done();
  step('live update painted the prediction');
  // one more stroke with live update on: the prediction follows it
  await drag([[110, 60], [112, 70]], '2');
  await page.waitForFunction(() => window.sylva.viewer.metrics.strokes.length === 3);
  await done();
  step('retrained after a stroke');
  const after = await pixels();
  let changed = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changed++;
  result.changedPixels = changed;
  result.latency = await page.evaluate(() => window.sylva.viewer.metrics.strokes.map((s) => ({ ...s })));

  // what the browser holds for the prediction layer: every tile of the view at its level
  result.prediction = await page.evaluate(() => {
    const v = window.sylva.viewer.views[0], out = [];
    for (const t of v.visibleTiles()) {
      const e = window.sylva.viewer.store.tiles.get('pred/' + v.posKey(t));
      out.push({ row: t.row, col: t.col, level: t.level, width: e.width, height: e.height, classes: e.info.classes,
        generation: e.info.generation, preview: e.info.preview, data: Array.from(e.data) });
    }
    return out;
  });
  result.model = await page.evaluate(() => window.sylva.app.state.model);

  // save (Ctrl+S), then reopen the project from disk and reload the page: the labels are still there
  await page.locator('canvas.view-canvas').first().hover();
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => !window.sylva.app.state.project.dirty, null, { timeout: 30000 });
  step('saved');
  result.savedFile = await page.evaluate(() => window.sylva.app.state.project.file);
  result.labelledSaved = await page.evaluate(() => window.sylva.app.state.lanes[0].labelled);
  const labelsBefore = await page.evaluate(() => Array.from(window.sylva.viewer.store.tiles.get('labels/' + window.sylva.viewer.views[0].posKey(window.sylva.viewer.views[0].visibleTiles()[0])).data));
  await page.evaluate((file) => fetch('/api/open', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: file }) }), result.savedFile);
  await page.reload();
  await page.waitForFunction(() => window.sylva && window.sylva.app.state && window.sylva.viewer.store.tiles.size > 0 && window.sylva.viewer.store.inflight === 0);
  await page.waitForFunction(() => [...window.sylva.viewer.store.tiles.keys()].some((k) => k.startsWith('labels/') && window.sylva.viewer.store.tiles.get(k).data));
  const labelsAfter = await page.evaluate(() => Array.from(window.sylva.viewer.store.tiles.get('labels/' + window.sylva.viewer.views[0].posKey(window.sylva.viewer.views[0].visibleTiles()[0])).data));
  result.labelledReloaded = await page.evaluate(() => window.sylva.app.state.lanes[0].labelled);
  result.labelsSameAfterReload = labelsBefore.length > 0 && labelsBefore.every((v, i) => v === labelsAfter[i]);
  result.modelAfterReload = await page.evaluate(() => window.sylva.app.state.model);
  step('reloaded');
  result.errors = errors;
});
