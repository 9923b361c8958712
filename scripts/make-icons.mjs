// Renders public/icon.svg to the PNG icons the web app manifest lists (192, 512 and a maskable 512), in Chromium.
// Run once after changing the SVG: node scripts/make-icons.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { chromiumPath } from './chromium.mjs';

const svg = readFileSync('public/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [name, size, pad] of [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  ['icon-maskable-512.png', 512, 0.1],
]) {
  await page.setViewportSize({ width: size, height: size });
  // The maskable icon keeps its drawing inside the safe zone on a full-bleed background.
  await page.setContent(
    `<body style="margin:0;background:${pad ? '#0969da' : 'transparent'}"><div style="padding:${size * pad}px">${svg.replace('<svg ', `<svg width="${size * (1 - 2 * pad)}" height="${size * (1 - 2 * pad)}" `)}</div></body>`,
  );
  await page.screenshot({ path: `public/${name}`, omitBackground: !pad });
}
await browser.close();
