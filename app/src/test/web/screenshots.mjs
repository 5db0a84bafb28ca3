// Screenshots of Sylva's web app for the documentation (run by AppScreenshots; see docs/app.md).
// Usage: node screenshots.mjs URL RESULT.json MODE OUTDIR [STROKES.json]
//   MODE 2d: paints the strokes of STROKES.json ([{label, points: [[row, col], …]}, …], image coordinates), switches
//            on live update, waits for the full-resolution prediction: app-2d.png; then the feature table
//            (app-features.png) and the export applet (app-export.png).
//   MODE 3d: a volume whose project holds labels: live update, the three orthogonal views: app-3d.png.
import { recording } from './browser.mjs';
import { readFileSync } from 'node:fs';

const [url, resultFile, mode, outDir, strokesFile] = process.argv.slice(2);
const result = { mode, shots: [] };
await recording(resultFile, result, async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.sylva && window.sylva.ready && window.sylva.viewer.views.length);
  const painted = () => page.waitForFunction(() => {
    const a = window.sylva.app, d = a.lastDraw;
    return a.state.model && d && d.wanted > 0 && d.drawn === d.wanted && d.previews === 0 && window.sylva.viewer.store.inflight === 0;
  }, null, { timeout: 300000 });
  const shot = async (name) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${outDir}/${name}` });
    result.shots.push(name);
  };
  if (mode === '2d') {
    const strokes = JSON.parse(readFileSync(strokesFile, 'utf8'));
    const box = await page.locator('canvas.view-canvas').first().boundingBox();
    const at = (r, c) => page.evaluate(([r, c]) => window.sylva.viewer.views[0].toScreen(r, c), [r, c]);
    await page.evaluate(() => { window.sylva.app.brushSize = 4; });
    for (const s of strokes) {
      await page.keyboard.press(String(s.label));
      const p0 = await at(...s.points[0]);
      await page.mouse.move(box.x + p0.x, box.y + p0.y);
      await page.mouse.down();
      for (const p of s.points.slice(1)) {
        const q = await at(...p);
        await page.mouse.move(box.x + q.x, box.y + q.y, { steps: 6 });
      }
      await page.mouse.up();
    }
    await page.waitForFunction((n) => window.sylva.viewer.metrics.strokes.filter((s) => s.rev).length >= n, strokes.length);
    await page.locator('#live').check();
    await page.waitForFunction((n) => { const m = window.sylva.app.state.model; return m && m.labelRevision >= n; }, strokes.length, { timeout: 300000 });
    await painted();
    await shot('app-2d.png');
    await page.locator('#tabs button[data-tab=features]').click();
    // a computed feature as a layer (the first Hessian eigenvalue channel), instead of the prediction
    const select = page.locator('#tab-features select');
    const option = await select.locator('option').evaluateAll((os) => os.find((o) => o.textContent.includes('Hessian')).value);
    await select.selectOption(option);
    await page.evaluate(() => {
      for (const l of window.sylva.app.layers) if (['prob', 'seg', 'unc'].includes(l.kind)) l.visible = false;
      window.sylva.app.renderLayers();
      window.sylva.viewer.requestDraw();
    });
    await page.waitForFunction(() => [...window.sylva.viewer.store.tiles.keys()].some((k) => k.startsWith('feat/')) && window.sylva.viewer.store.inflight === 0);
    await shot('app-features.png');
    await select.selectOption('');
    await page.evaluate(() => {
      for (const l of window.sylva.app.layers) if (['prob'].includes(l.kind)) l.visible = true;
      window.sylva.app.renderLayers();
      window.sylva.viewer.requestDraw();
    });
    await page.locator('#tabs button[data-tab=export]').click();
    await shot('app-export.png');
  } else {
    await page.locator('#live').check();
    await painted();
    await shot('app-3d.png');
  }
  result.model = await page.evaluate(() => window.sylva.app.state.model);
  result.errors = errors;
});
