import { defineConfig } from 'vitest/config';

const project = (name: string, root: string, include = ['test/**/*.test.ts']) => ({
  test: { name, root, include, testTimeout: 120_000, hookTimeout: 60_000 },
});

export default defineConfig({
  test: {
    projects: [
      project('native', 'packages/native'),
      project('core', 'packages/core'),
      project('rx', 'packages/rx'),
      project('examples', 'examples', ['*/test/**/*.test.ts']),
      project('bench', 'bench'),
    ],
  },
});
