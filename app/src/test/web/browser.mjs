// Debian's chromium, started by playwright-core as the test machines need it: headless, no sandbox (CI runs as
// root), and none of chromium's background connections (the machines have no outside network; without these
// flags chromium keeps trying, which slows every start).
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.SYLVA_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}
