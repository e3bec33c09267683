import { defineConfig } from 'vitest/config';

const project = (name: string, root: string) => ({
  test: { name, root, include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 },
});

export default defineConfig({
  test: {
    projects: [
      project('native', 'packages/native'),
      project('core', 'packages/core'),
      project('rx', 'packages/rx'),
      project('examples', 'examples'),
    ],
  },
});
