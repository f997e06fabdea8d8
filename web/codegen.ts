// Typed operations from the API's schema: GraphQL Code Generator's client preset reads
// ../schema.graphqls (no running server needed) and the graphql(`...`) documents of src/, and
// writes src/gql/ (generated, never edited: `npm run generate`). persistedDocuments makes it
// write persisted-documents.json, each operation by its SHA-256, which scripts/manifest.mjs
// turns into the server's trusted-documents manifest.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};

export default config;
