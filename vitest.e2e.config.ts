import { defineConfig } from 'vitest/config';

// Browser tests: the built app served by `vite preview`, driven by playwright-core in Debian's
// Chromium. One file at a time: two cores are shared by the browser and the server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
