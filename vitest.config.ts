import { defineConfig } from 'vitest/config';

const project = (name: string, root: string, include = ['test/**/*.test.ts']) => ({
  test: { name, root, include, testTimeout: 120_000, hookTimeout: 60_000 },
});

// The soak (packages/core/test/*.soak.ts) runs only when asked for: `pnpm test:soak` sets
// SOAK_SECONDS. It gets a gc to call, so that the RSS it measures is not garbage waiting.
const soakSeconds = Number(process.env.SOAK_SECONDS ?? 0);
const soak = {
  test: {
    name: 'soak',
    root: 'packages/core',
    include: ['test/**/*.soak.ts'],
    testTimeout: (soakSeconds + 120) * 1000,
    execArgv: ['--expose-gc'],
  },
};

export default defineConfig({
  test: {
    projects: [
      project('native', 'packages/native'),
      project('core', 'packages/core'),
      project('rx', 'packages/rx'),
      project('examples', 'examples', ['*/test/**/*.test.ts']),
      project('bench', 'bench'),
      project('release', 'test/release', ['*.test.ts']),
      ...(soakSeconds > 0 ? [soak] : []),
    ],
  },
});
