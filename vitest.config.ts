import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // One TypeScript program per fixture folder, kept warm across test files.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
