// Headless Chromium (Debian's package) driven by playwright-core: no browser
// download, no network beyond the loopback server under test.

import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env['WHIRLPOOL_CHROMIUM'] ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
