// Writes dist/trusted-documents.json, the server's manifest of persisted documents: every
// operation of the explorer (GraphQL Code Generator's persisted-documents.json, each by the
// SHA-256 of its printed text) and every example query of the playground
// (../server/examples/*.graphql, each by the SHA-256 of the file's text). The server embeds it
// and, with TRUSTED_DOCUMENTS_ONLY=true, runs nothing else. Run by `npm run build`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'graphql';

const here = (p) => new URL(p, import.meta.url);

/** sha256Key is a document's key in the manifest: "sha256:<hex>" of its exact text. */
export function sha256Key(text) {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** buildManifest merges the explorer's documents with the playground's examples. */
export function buildManifest(explorer, examples) {
  const manifest = {};
  for (const [key, doc] of Object.entries(explorer)) {
    if (sha256Key(doc) !== key) throw new Error(`persisted document ${key}: the key is not the SHA-256 of its text`);
    manifest[key] = doc;
  }
  for (const [name, text] of Object.entries(examples)) {
    parse(text); // a broken example fails the build, not the server
    const key = sha256Key(text);
    if (manifest[key] && manifest[key] !== text) throw new Error(`example ${name}: hash collision`);
    manifest[key] = text;
  }
  return Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const explorer = JSON.parse(readFileSync(here('../src/gql/persisted-documents.json'), 'utf8'));
  const dir = here('../../server/examples/');
  const examples = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .sort()
      .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]),
  );
  const manifest = buildManifest(explorer, examples);
  writeFileSync(here('../dist/trusted-documents.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`dist/trusted-documents.json: ${Object.keys(explorer).length} explorer operations, ${Object.keys(examples).length} playground examples`);
}
