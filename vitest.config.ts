import { defineConfig } from 'vitest/config';

// One project per layer of the suite, so the inner loop can run just one: `npm run test:unit` for
// the pure modules, test:labs, test:api, test:e2e (`npm test` runs them all).
const layer = (name: string, include: string[]) => ({ extends: true as const, test: { name, include } });

export default defineConfig({
  test: {
    exclude: ['test/bench/**', 'node_modules/**'],
    // Both cores: vitest's default leaves one free, which runs the files one at a time on this machine.
    maxWorkers: 2,
    testTimeout: 20_000,
    // A poll returns as soon as its condition holds; the bound only decides how long a broken page
    // is given. Vitest's 1 s default failed a browser test on a busy CI machine, on time alone.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    projects: [
      layer('unit', ['test/unit/**/*.test.ts']),
      layer('labs', ['test/labs/**/*.test.ts']),
      layer('api', ['test/api/**/*.test.ts']),
      layer('e2e', ['test/e2e/**/*.test.ts']),
      layer('tooling', ['test/tooling/**/*.test.ts']),
    ],
  },
});
