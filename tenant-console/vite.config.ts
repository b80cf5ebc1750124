/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The platform serves the build under /console (console.ConsoleResources); `npm run dev` proxies the API and the
// console's config to a running platform (JIFEN_PLATFORM, default http://127.0.0.1:8080).
const platform = process.env.JIFEN_PLATFORM ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': platform,
      '/console/config.json': platform,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Read by scripts/first-load.mjs, the first-load budget check after the build (dist/.vite, not served).
    manifest: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // Ant Design under jsdom is slow on a shared two-core machine; a test that hangs still fails.
    testTimeout: 60_000,
    // Pro components import antd's ES modules by paths without file extensions, which Node's own loader refuses; the
    // CommonJS build of the same modules loads (tests only; the bundle keeps the ES modules).
    alias: [
      { find: /^@ant-design\/pro-components$/, replacement: '@ant-design/pro-components/es/index.js' },
      { find: /^antd\/es\/(.*)$/, replacement: 'antd/lib/$1' },
    ],
    server: { deps: { inline: ['@ant-design/pro-components'] } },
  },
});
