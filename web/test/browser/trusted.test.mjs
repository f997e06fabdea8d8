// The server in trusted-documents mode (TRUSTED_DOCUMENTS_ONLY=true): a document outside the
// manifest is refused with a clear code, the playground's examples still run, and the
// explorer, which sends only hashes, works as before.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, seed, startServer, watch } from './harness.mjs';

let server;
let browser;
before(async () => {
  seed();
  server = await startServer({ TRUSTED_DOCUMENTS_ONLY: 'true' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function post(query) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.json() };
}

test('refuses a document outside the manifest with PERSISTED_QUERY_NOT_IN_LIST', async () => {
  const { status, body } = await post('{ country(code: "CD") { name aliases } }');
  assert.equal(status, 400);
  assert.equal(body.data, undefined);
  assert.equal(body.errors[0].extensions.code, 'PERSISTED_QUERY_NOT_IN_LIST');
  assert.match(body.errors[0].message, /runs only its trusted documents/);
});

test('runs a playground example sent as text', async () => {
  const example = readFileSync(new URL('../../../server/examples/02-us-fully-import-reliant.graphql', import.meta.url), 'utf8');
  const { status, body } = await post(example);
  assert.equal(status, 200, JSON.stringify(body));
  assert.ok(body.data.minerals.totalCount > 0);
});

test('the explorer works in trusted-documents mode', async () => {
  const page = await browser.newPage();
  const seen = watch(page, server.url);
  await page.goto(`${server.url}/explore/mineral/cobalt?stage=MINING`);
  await page.locator('article.mineral .bars li').first().waitFor();
  await page.getByRole('link', { name: 'Policies', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Policy timeline' }).waitFor();
  await page.locator('.timeline .policy').first().waitFor();
  assert.equal(await page.locator('.status.error').count(), 0);
  assert.ok(seen.graphql.length >= 2);
  assert.ok(
    seen.graphql.every((r) => r.method === 'GET' && r.url.searchParams.get('query') === null),
    'hashes only',
  );
  assert.deepEqual(seen.errors, []);
  await page.close();
});
