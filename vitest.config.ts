import { defineConfig } from 'vitest/config'

// Two cores on every machine: two test files at a time; e2e files start real brokers and processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default']
  }
})
