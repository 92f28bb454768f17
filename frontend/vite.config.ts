import { defineConfig } from 'vitest/config';

// The scheduler node serves the built app from the classpath under web/ (index.html + assets/).
export default defineConfig({
  build: {
    outDir: 'target/classes/web',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` talks to a scheduler node running on :8080, SSE included.
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
