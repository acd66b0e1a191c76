import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report feeds the `tests: N passed, N failed` line that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
