// Debian's chromium, started by playwright-core as the test machines need it: headless, no sandbox (CI runs as
// root), and none of chromium's background connections (the machines have no outside network; without these
// flags chromium keeps trying, which slows every start).
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';

export function launch() {
  return chromium.launch({
    executablePath: process.env.SYLVA_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}

// Runs body(browser) in a fresh browser and always writes `result` to resultFile (JSON, `indent` spaces), with the
// error in result.failure if the body threw: the JUnit side reads the file in either case.
export async function recording(resultFile, result, body, indent) {
  const browser = await launch();
  try {
    await body(browser);
  } catch (e) {
    result.failure = String(e && e.stack || e);
    console.error(e);
  } finally {
    await browser.close();
    writeFileSync(resultFile, JSON.stringify(result, null, indent));
  }
}
