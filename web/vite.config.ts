// The explorer is built into dist/ with base /explore/, where the Go server serves it from
// the binary (make explore copies dist/ into server/explore/assets). `npm run dev` serves it
// with hot reload and forwards /graphql to a running API ($API, default :8080).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/explore/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/graphql': process.env.API ?? 'http://127.0.0.1:8080' } },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
