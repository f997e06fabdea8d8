// Takes the README's pictures in headless Chromium from a running server at $URL (default
// http://127.0.0.1:8080/): the playground running its first example (docs/playground.png), and
// each view of the explorer (docs/explore-*.png), with a figure's source open where a view has
// one. Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); it reaches nothing but the
// server, and the script fails if a page asks for anything elsewhere. $OUT_DIR changes where
// the pictures go (default docs/).
import { chromium } from 'playwright-core';

const url = process.env.URL ?? 'http://127.0.0.1:8080/';
const origin = new URL(url).origin;
const outDir = process.env.OUT_DIR ?? new URL('..', import.meta.url).pathname;
const out = (name) => `${outDir.replace(/\/$/, '')}/${name}`;

// What goes wrong is said in one line, not a stack: no browser, no server, a page that never
// shows what it should.
function fail(what, err) {
  console.error(`screenshot: ${what}: ${String(err?.message ?? err).split('\n')[0]}`);
  process.exit(1);
}

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
}).catch((err) => fail(`cannot start Chromium at ${executablePath} (Debian: apt-get install chromium; or set CHROMIUM)`, err));
const offsite = [];

async function page(path, viewport = { width: 1400, height: 900 }) {
  const p = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  p.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) offsite.push(r.url()); });
  await p.goto(origin + path, { waitUntil: 'networkidle' }).catch((err) => fail(`no server answers at ${origin} (start one: make run)`, err));
  return p;
}

// shoot saves the part of the page from the top of `from` to the bottom of `to` (whole width).
async function shoot(p, name, { from = 'header.site', to } = {}) {
  if (to) {
    const top = (await p.locator(from).first().boundingBox()).y;
    const bottom = await p.locator(to).first().evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
    const width = p.viewportSize().width;
    await p.screenshot({ path: out(name), fullPage: true, clip: { x: 0, y: top, width, height: Math.ceil(bottom - top + 16) } });
  } else {
    await p.screenshot({ path: out(name) });
  }
  console.log(`saved ${out(name)}`);
  await p.close();
}

try {
  {
    const p = await page('/', { width: 1500, height: 900 });
    await p.click('.graphiql-execute-button');
    await p.waitForFunction(() => (document.querySelector('.graphiql-response')?.textContent ?? '').includes('"totalCount"'), null, { timeout: 20000 });
    await shoot(p, 'playground.png');
  }
  {
    // A mineral: map, chart and concentration of one stage and year, China chosen on the chart.
    const p = await page('/explore/mineral/rare-earths?stage=MINING&year=2023');
    await p.locator('.bars li button').first().click();
    await p.locator('.selected-figure').waitFor();
    await shoot(p, 'explore-mineral.png', { to: 'section[aria-labelledby="production"] > .source:last-of-type' });
  }
  {
    const p = await page('/explore/mineral/gallium?stage=REFINING', { width: 375, height: 812 });
    await p.locator('.bars li button').first().click();
    await p.locator('.selected-figure').waitFor();
    await shoot(p, 'explore-mobile.png', { to: '.selected-figure' });
  }
  {
    const p = await page('/explore/country/CL');
    await p.locator('table.shares').waitFor();
    await p.locator('table.shares .figure-value').first().click();
    await shoot(p, 'explore-country.png', { to: 'table.shares' });
  }
  {
    const p = await page('/explore/policies?issuer=CN&on=2026-01-01');
    await p.locator('.timeline .policy details').first().waitFor();
    await p.locator('.timeline .policy details summary').first().click();
    await shoot(p, 'explore-policies.png', { to: '.timeline-year:nth-child(2)' });
  }
  {
    const p = await page('/explore/questions/reliance?min=100');
    await p.locator('table.data .figure-value').first().waitFor();
    await p.locator('table.data .figure-value').nth(2).click();
    await shoot(p, 'explore-question.png', { to: 'table.data' });
  }
  {
    // The error state: the page loaded, then the API stopped answering.
    const p = await page('/explore/');
    await p.route('**/graphql**', (r) => r.abort('connectionrefused'));
    await p.getByRole('link', { name: 'Tungsten' }).click();
    await p.getByRole('alert').waitFor();
    await shoot(p, 'explore-error.png', { to: '[role=alert]' });
  }
  if (offsite.length) {
    console.error('pages asked for resources beyond the server:', offsite);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
