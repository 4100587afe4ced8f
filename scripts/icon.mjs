// Renders media/icon.svg to the Marketplace icon, media/icon.png (256×256, transparent corners),
// with the Chromium the e2e suite drives. Run it after editing the SVG: node scripts/icon.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SIZE = 256;
const browser = await chromium.launch({ executablePath: process.env.FINCODE_E2E_CHROMIUM || '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  const svg = readFileSync(new URL('../media/icon.svg', import.meta.url), 'utf8');
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg}`);
  await page.locator('svg').screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true });
} finally {
  await browser.close();
}
