// The explorer's one GraphQL client (urql). In a production build every operation goes out as
// a persisted document: its SHA-256 (computed at build time by GraphQL Code Generator) in
// extensions.persistedQuery, with GET, so that the server runs it from its manifest (the only
// way it runs anything with TRUSTED_DOCUMENTS_ONLY=true) and caches and browsers can keep the
// answer. The query text never leaves the page. `npm run dev` sends text instead: the server
// it talks to may hold an older manifest.
import { Client, cacheExchange, fetchExchange, type Exchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import type { DocumentNode } from 'graphql';

/** hashOf reads the hash the code generator put on a document ("sha256:<hex>" -> "<hex>"). */
export function hashOf(document: DocumentNode | unknown): string {
  const meta = (document as { __meta__?: { hash?: string } }).__meta__;
  if (!meta?.hash) throw new Error('this document has no persisted hash: run `npm run generate`');
  return meta.hash.replace(/^sha256:/, '');
}

export function makeClient(url = '/graphql', persisted = !import.meta.env.DEV): Client {
  const exchanges: Exchange[] = [cacheExchange];
  if (persisted) {
    exchanges.push(
      persistedExchange({
        preferGetForPersistedQueries: true,
        enforcePersistedQueries: true,
        generateHash: async (_query, document) => hashOf(document),
      }),
    );
  }
  exchanges.push(fetchExchange);
  return new Client({ url, exchanges, requestPolicy: 'cache-first' });
}
