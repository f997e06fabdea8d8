// The persisted documents: the hashes the client sends are those the manifest lists, and the
// manifest the build writes holds the explorer's operations and the playground's examples.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module of the build, without types
import { buildManifest, sha256Key } from '../../scripts/manifest.mjs';
import { hashOf } from '../../src/client';
import * as documents from '../../src/gql/graphql';
import explorer from '../../src/gql/persisted-documents.json';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('persisted documents', () => {
  const operations = Object.entries(documents).filter(
    ([name, v]) =>
      name.endsWith('Document') &&
      (v as unknown as { definitions?: ReadonlyArray<{ kind: string }> }).definitions?.some((d) => d.kind === 'OperationDefinition'),
  );

  test('every operation the explorer sends has a hash the manifest holds, of the text it holds', () => {
    expect(operations.length).toBeGreaterThanOrEqual(8);
    for (const [name, doc] of operations) {
      const hash = hashOf(doc);
      const text = (explorer as Record<string, string>)[`sha256:${hash}`];
      expect(text, name).toBeDefined();
      expect(sha256(text), name).toBe(hash);
    }
  });

  test('the manifest holds the explorer’s operations and every playground example', () => {
    const dir = new URL('../../../server/examples/', import.meta.url);
    const examples = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.graphql'))
        .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]),
    );
    const manifest = buildManifest(explorer, examples);
    expect(Object.keys(manifest).length).toBe(Object.keys(explorer).length + Object.keys(examples).length);
    for (const text of Object.values(examples)) expect(manifest[sha256Key(text)]).toBe(text);
    for (const [key, text] of Object.entries(manifest)) expect(key).toBe(`sha256:${sha256(text as string)}`);
  });

  test('refuses an entry whose key is not its text’s hash', () => {
    expect(() => buildManifest({ [`sha256:${'0'.repeat(64)}`]: '{ __typename }' }, {})).toThrow(/not the SHA-256/);
  });

  test('refuses a playground example that does not parse', () => {
    expect(() => buildManifest({}, { 'broken.graphql': '{ minerals {' })).toThrow();
  });

  test('hashOf reads the generator’s hash without its prefix', () => {
    expect(hashOf({ __meta__: { hash: `sha256:${'a'.repeat(64)}` } })).toBe('a'.repeat(64));
    expect(() => hashOf({})).toThrow(/npm run generate/);
  });
});
