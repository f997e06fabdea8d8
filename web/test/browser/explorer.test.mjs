// The explorer in a real browser (Debian's Chromium) against a real server and Neo4j: each
// view opened from its URL, the controls driven by keyboard and labels, the chart and map
// checked against the API, a figure's source opened, the page at 375 px, and the error state
// when the API stops.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gql, launch, seed, startServer, watch } from './harness.mjs';

let server;
let browser;

before(async () => {
  seed();
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const seen = watch(page, server.url);
  await page.goto(server.url + path);
  return { page, seen };
}

/** What the API says a mineral's chart and map must show. */
async function producers(id, stage, year) {
  const d = await gql(
    server.url,
    `query($id: ID!, $stage: Stage!, $year: Int) { mineral(id: $id) { concentration(stage: $stage, year: $year) { year top1 producers(first: 100) { country { code name } percent source { publisher url } } } } }`,
    { id, stage, year },
  );
  assert.ok(d.mineral.concentration, `the API has ${stage} figures for ${id}`);
  return d.mineral.concentration;
}

/** checkChartAndMap asserts the page's bar chart and map agree with the API's producers. */
async function checkChartAndMap(page, c) {
  const top = c.producers[0];
  const bar = page.locator('.bars li').first();
  assert.equal(await bar.getAttribute('data-country'), top.country.code, 'the first bar is the API’s top producer');
  assert.equal(Number(await bar.getAttribute('data-percent')), top.percent);
  const shown = Number.parseFloat(await bar.locator('.bar-value').innerText());
  assert.ok(Math.abs(shown - top.percent) < 0.051, `the bar reads ${shown}%, the API ${top.percent}%`);
  assert.equal(await page.locator('.bars li').count(), c.producers.length, 'one bar per producer');

  const shaded = await page.locator('.map path.shaded').evaluateAll((ps) => ps.map((p) => [p.dataset.country, Number(p.dataset.percent)]));
  const [mapTop, mapTopPercent] = shaded.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.equal(mapTop, top.country.code, 'the darkest country of the map is the API’s top producer');
  assert.equal(mapTopPercent, top.percent);
  const title = await page.locator(`.map path[data-country="${top.country.code}"] title`).textContent();
  assert.match(title, new RegExp(`${top.country.name}: ${String(shown).replace('.', '\\.')}%`));
  assert.match(title, /Source: /);
  const top1 = Number.parseFloat(await page.locator('.metrics .figure-value').first().innerText());
  assert.ok(Math.abs(top1 - c.top1) < 0.051, 'the top-1 figure is the API’s');
}

describe('the explorer', () => {
  test('opens a mineral from its URL and shows the same top producer and percent in chart and map as the API', async () => {
    const c = await producers('gallium', 'REFINING', 2023);
    const { page, seen } = await open('/explore/mineral/gallium?stage=REFINING&year=2023');
    await page.locator('article.mineral[data-year="2023"] .bars li').first().waitFor();
    await checkChartAndMap(page, c);
    assert.equal(seen.graphql.length, 1, 'one GraphQL request for the view');
    assert.deepEqual(seen.offsite, [], 'nothing is fetched from another origin');
    assert.deepEqual(seen.errors, []);
    await page.close();
  });

  test('sends persisted documents by hash over GET, never the query text', async () => {
    const { page, seen } = await open('/explore/country/CL');
    await page.getByRole('heading', { level: 1, name: 'Chile' }).waitFor();
    assert.ok(seen.graphql.length >= 1);
    for (const r of seen.graphql) {
      assert.equal(r.method, 'GET');
      assert.equal(r.url.searchParams.get('query'), null, 'no query text is sent');
      assert.match(JSON.parse(r.url.searchParams.get('extensions')).persistedQuery.sha256Hash, /^[0-9a-f]{64}$/);
    }
    await page.close();
  });

  test('searches once the typing stops, then picks a mineral, a stage and a year by keyboard and labels', async () => {
    const { page, seen } = await open('/explore/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const before = seen.graphql.length;
    const box = page.getByRole('combobox', { name: /Search minerals/ });
    await box.focus();
    await page.keyboard.type('lithium', { delay: 40 });
    const option = page.getByRole('option', { name: /Lithium\s+Mineral/ });
    await option.waitFor();
    const searches = seen.graphql.slice(before).filter((r) => r.url.searchParams.get('operationName') === 'Search');
    assert.equal(searches.length, 1, `one search for seven keystrokes, got ${searches.length}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/explore\/mineral\/lithium$/);
    await page.locator('article.mineral .bars li, article.mineral .nofigure-block').first().waitFor();

    const stage = page.getByLabel('Stage');
    await stage.focus();
    await stage.selectOption('REFINING');
    await page.waitForURL(/stage=REFINING/);
    const year = page.getByLabel('Year');
    const years = await year.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(years.length > 0, 'the year control lists the years with refining figures');
    const pick = years[years.length - 1];
    const n = seen.graphql.length;
    await year.selectOption(pick);
    await page.waitForURL(new RegExp(`year=${pick}`));
    await page.locator(`article.mineral[data-stage="REFINING"][data-year="${pick}"] .bars li`).first().waitFor();
    assert.equal(seen.graphql.length - n, 1, 'one GraphQL request for the change of year');
    await checkChartAndMap(page, await producers('lithium', 'REFINING', Number(pick)));

    await page.reload();
    await page.locator(`article.mineral[data-stage="REFINING"][data-year="${pick}"] .bars li`).first().waitFor();
    assert.equal(await page.getByLabel('Year').inputValue(), pick, 'the URL holds the view: a reload shows the same');
    await page.close();
  });

  test('opens a figure’s source on click and from the keyboard', async () => {
    const c = await producers('gallium', 'REFINING', 2023);
    const { page } = await open('/explore/mineral/gallium?stage=REFINING&year=2023');
    const firstBar = page.locator('.bars li button').first();
    await firstBar.waitFor();
    assert.match(await firstBar.getAttribute('title'), new RegExp(`Source: ${c.producers[0].source.publisher}`));
    await firstBar.focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('.selected-figure');
    await detail.waitFor();
    assert.match(await detail.innerText(), new RegExp(c.producers[0].country.name));
    const link = detail.getByRole('link', { name: /open the source/ });
    assert.equal(await link.getAttribute('href'), c.producers[0].source.url);

    const top1 = page.getByRole('button', { name: /^Top-1 share/ });
    await top1.click();
    const popover = page.getByRole('group', { name: /Source of Top-1 share/ });
    await popover.waitFor();
    assert.match(await popover.innerText(), new RegExp(`Source: ${c.producers[0].source.publisher}`));
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    await page.close();
  });

  test('says “no figure published” where the API returns null, never 0', async () => {
    const d = await gql(server.url, `{ mineral(id: "gallium") { importSources(importer: "US") { importShare } } }`);
    const nulls = d.mineral.importSources.filter((t) => t.importShare == null).length;
    assert.ok(nulls > 0, 'gallium has import sources without a published share');
    const { page } = await open('/explore/mineral/gallium');
    await page.getByRole('heading', { name: 'Where US imports come from' }).waitFor();
    const cells = page.locator('section[aria-labelledby="reliance"] .figure-value.nofigure');
    assert.ok((await cells.count()) >= nulls);
    assert.equal(await cells.first().innerText(), 'no figure published');
    await page.close();
  });

  test('shows the newest ranking of import sources, the earlier folded, and the customs values', async () => {
    const d = await gql(
      server.url,
      `{ mineral(id: "gallium") { importSources(importer: "US") { yearTo exporter { name } } tradeFlows(importer: "US", first: 10) { nodes { yearTo valueUsd exporter { name } } } } }`,
    );
    const newest = Math.max(...d.mineral.importSources.map((t) => t.yearTo));
    const current = d.mineral.importSources.filter((t) => t.yearTo === newest);
    assert.ok(current.length < d.mineral.importSources.length, 'gallium has rankings of more than one period');
    const flows = d.mineral.tradeFlows.nodes.filter((t) => t.yearTo === d.mineral.tradeFlows.nodes[0].yearTo);
    assert.ok(flows.length > 0 && flows[0].valueUsd != null, 'gallium has customs values of US imports');

    const { page } = await open('/explore/mineral/gallium');
    const section = page.locator('section[aria-labelledby="reliance"]');
    await section.getByRole('heading', { name: 'US imports by customs value' }).waitFor();
    const ranking = section.locator('table.data').first().locator('tbody tr');
    assert.equal(await ranking.count(), current.length, 'one row per source of the newest period');
    assert.equal(await ranking.first().locator('th').innerText(), current[0].exporter.name);
    const earlier = section.locator('details.earlier');
    assert.equal(await earlier.getAttribute('open'), null, 'the earlier rankings are folded');
    assert.ok(!(await earlier.locator('table').isVisible()));

    const customs = section.locator('table.data').last().locator('tbody tr');
    assert.equal(await customs.count(), flows.length, 'one row per flow of the newest year');
    assert.equal(await customs.first().locator('th').innerText(), flows[0].exporter.name, 'the most valuable first');
    const value = await customs.first().locator('td .figure-value').first().innerText();
    assert.equal(Number(value.replace(/[^0-9]/g, '')), Math.round(flows[0].valueUsd));
    await page.close();
  });

  test('opens every other view from its URL, answering as the API does', async () => {
    const policies = await gql(server.url, `{ policies(first: 100, where: { issuer: "CN", types: [EXPORT_CONTROL] }) { totalCount } }`);
    const refines = await gql(server.url, `{ minerals(first: 100, where: { share: { country: "CN", stage: REFINING, gt: 50 } }) { totalCount } }`);
    const reliant = await gql(server.url, `{ minerals(first: 100, where: { usNetImportReliance: { gte: 100 } }) { totalCount } }`);
    const leading = await gql(
      server.url,
      `{ minerals(first: 100) { nodes { concentration(stage: MINING) { producers(first: 1) { country { code } percent } } } } }`,
    );
    const led = leading.minerals.nodes.filter(
      (m) => m.concentration?.producers[0]?.country.code === 'CN' && m.concentration.producers[0].percent != null,
    ).length;
    const plural = (n, w) => `${n} ${n === 1 ? w : `${w}s`}`;
    const views = [
      ['/explore/', 'Critical-mineral supply chains, at a glance', null],
      ['/explore/country/CN', 'China', null],
      ['/explore/policies?issuer=CN&type=EXPORT_CONTROL', 'Policy timeline', plural(policies.policies.totalCount, 'measure')],
      [
        '/explore/questions/share?country=CN&stage=REFINING&over=50',
        'Minerals of which China holds over 50% of world refined production',
        plural(refines.minerals.totalCount, 'mineral'),
      ],
      ['/explore/questions/reliance?min=100', 'What the US is 100% import-reliant for', plural(reliant.minerals.totalCount, 'mineral')],
      ['/explore/questions/leading?country=CN&stage=MINING', 'Where China is the leading producer (mining)', plural(led, 'mineral')],
    ];
    for (const [path, heading, count] of views) {
      const { page, seen } = await open(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (count)
        await page
          .getByRole('status')
          .filter({ hasText: new RegExp(`^${count}\\b`) })
          .waitFor();
      assert.equal(await page.locator('.status.error').count(), 0, path);
      assert.ok(seen.graphql.length <= 1, `${path}: one GraphQL request for the view, got ${seen.graphql.length}`);
      assert.deepEqual(seen.errors, [], path);
      await page.close();
    }
  });

  test('works at 375 px wide', async () => {
    for (const path of ['/explore/mineral/rare-earths?stage=MINING', '/explore/country/CN', '/explore/policies']) {
      const { page } = await open(path, { width: 375, height: 800 });
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('article').first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${path} is ${width} px wide at a 375 px viewport`);
      await page.close();
    }
  });

  test('shows an error with a retry when the API stops, and recovers when it is back', async () => {
    const { page } = await open('/explore/');
    await page.getByRole('link', { name: 'Tungsten' }).waitFor();
    await server.stop();
    await page.getByRole('link', { name: 'Tungsten' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /The API cannot be reached/);
    await server.start();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tungsten' }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    await page.close();
  });
});
