// Opens the playground at $URL (default http://127.0.0.1:8080/) in headless Chromium, runs the
// example in its first tab, and saves the page to $OUT (default ../playground.png). Chromium
// is Debian's (/usr/bin/chromium); it reaches nothing but the server on loopback.
import { chromium } from 'playwright-core';

const url = process.env.URL ?? 'http://127.0.0.1:8080/';
const out = process.env.OUT ?? new URL('../playground.png', import.meta.url).pathname;

// What goes wrong is said in one line, not a stack: no browser, no server, a playground that
// never answers.
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
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const offsite = [];
  page.on('request', (r) => { if (!r.url().startsWith(new URL(url).origin)) offsite.push(r.url()); });
  await page.goto(url, { waitUntil: 'networkidle' }).catch((err) => fail(`no playground answers at ${url} (start a server: make run)`, err));
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(() => (document.querySelector('.graphiql-response')?.textContent ?? '').includes('"totalCount"'), null, { timeout: 20000 });
  await page.screenshot({ path: out });
  if (offsite.length) {
    console.error('the playground asked for resources beyond the server:', offsite);
    process.exit(1);
  }
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
