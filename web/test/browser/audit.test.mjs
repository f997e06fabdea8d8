// The graphql-http package's server audit (the GraphQL-over-HTTP specification's MUSTs,
// SHOULDs and MAYs) against the real server. It must report no error and no warning; the
// counts go to the README's operations section.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditServer } from 'graphql-http';
import { seed, startServer } from './harness.mjs';

let server;
before(async () => {
  seed();
  server = await startServer();
});
after(() => server?.stop());

test('passes the graphql-http server audit with no error and no warning', async () => {
  const results = await auditServer({ url: `${server.url}/graphql` });
  const count = (status) => results.filter((r) => r.status === status).length;
  const counts = { ok: count('ok'), warn: count('warn'), notice: count('notice'), error: count('error') };
  console.log(
    `graphql-http ${(await import('graphql-http/package.json', { with: { type: 'json' } })).default.version} audit: ${results.length} audits, ${counts.ok} ok, ${counts.warn} warn, ${counts.notice} notice, ${counts.error} error`,
  );
  for (const r of results.filter((r) => r.status !== 'ok')) console.log(`  ${r.status} ${r.id} ${r.name}: ${r.reason}`);
  assert.equal(counts.error, 0, 'no MUST fails');
  assert.equal(counts.warn, 0, 'no SHOULD fails');
  assert.equal(counts.ok + counts.notice, results.length);
});
