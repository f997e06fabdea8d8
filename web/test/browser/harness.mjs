// What the browser tests share: the mineralgraph server run as a process on a free loopback
// port against $TEST_NEO4J_URI (never $NEO4J_URI, the database one serves from), Debian's
// Chromium driven by playwright-core, and a plain GraphQL client for asking the API what the
// page should show.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

const bin = process.env.MINERALGRAPH_BIN ?? new URL('../../../bin/mineralgraph', import.meta.url).pathname;
const neo4j = process.env.TEST_NEO4J_URI;
// The server reads NEO4J_*; the tests' database is named by TEST_NEO4J_*.
const neo4jEnv = Object.fromEntries(
  ['URI', 'USER', 'PASSWORD', 'DATABASE'].filter((k) => process.env[`TEST_NEO4J_${k}`]).map((k) => [`NEO4J_${k}`, process.env[`TEST_NEO4J_${k}`]]),
);

/** freePort asks the kernel for a loopback port nobody uses. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** seed loads the curated dataset (idempotent: skipped when the graph already holds it). */
export function seed() {
  if (!neo4j) throw new Error('TEST_NEO4J_URI is not set: the browser tests need a Neo4j of their own (make test starts one)');
  execFileSync(bin, ['seed'], { env: { ...process.env, ...neo4jEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * startServer runs `mineralgraph serve` and waits until /readyz answers. stop ends it;
 * start runs it again on the same port (the page keeps its address).
 */
export async function startServer(env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = null;
  let log = '';
  const start = async () => {
    child = spawn(bin, ['serve'], {
      env: { ...process.env, ...neo4jEnv, HTTP_ADDR: `127.0.0.1:${port}`, RATE_LIMIT_PER_MINUTE: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (d) => (log += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode != null) throw new Error(`mineralgraph serve exited with ${child.exitCode}:\n${log}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`mineralgraph serve was not ready within 30 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (!child || child.exitCode != null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url, start, stop, log: () => log };
}

/** gql asks the API directly, as a reference for what the page shows. */
export async function gql(url, query, variables) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** launch starts Debian's Chromium, headless, reaching nothing but loopback. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * watch records a page's GraphQL requests and anything it asks of another origin, and fails
 * on script errors.
 */
export function watch(page, origin) {
  const seen = { graphql: [], offsite: [], errors: [] };
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== origin && u.protocol !== 'data:') seen.offsite.push(r.url());
    else if (u.pathname === '/graphql') seen.graphql.push({ method: r.method(), url: u, body: r.postData() });
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}
