/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The platform serves the build under /console (console.ConsoleResources); `npm run dev` proxies the API and the
// console's config to a running platform (JIFEN_PLATFORM, default http://127.0.0.1:8080).
const platform = process.env.JIFEN_PLATFORM ?? 'http://127.0.0.1:8080';

/**
 * Pro components' provider (in the shell: ProLayout needs it) imports the messages of its 33 languages; the console
 * speaks zh-CN and English only (src/i18n), so the build keeps those two and lets every other language use the English
 * messages (about 10 KB gzip less on every first load). Pro components' own exports stay as they are.
 */
function proComponentsTwoLanguages(): Plugin {
  const kept = new Set(['zh_CN', 'en_US']);
  return {
    name: 'jifen:pro-components-two-languages',
    apply: 'build',
    transform(code, id) {
      if (!/@ant-design[\\/]pro-components[\\/]es[\\/]provider[\\/]intl\.js$/.test(id)) {
        return null;
      }
      const dropped: string[] = [];
      const trimmed = code.replace(/^import (\w+) from "\.\/locale\/(\w+)";$/gm, (line, name: string, file: string) => {
        if (kept.has(file)) {
          return line;
        }
        dropped.push(name);
        return '';
      });
      if (dropped.length === 0 || !/^import enUS from/m.test(trimmed)) {
        this.error('pro-components provider/intl.js changed shape: check the two-language trim in vite.config.ts');
      }
      // Before the module's own statements (its imports are hoisted, so enUS is there already).
      return { code: `const ${dropped.map((name) => `${name} = enUS`).join(', ')};\n${trimmed}`, map: null };
    },
  };
}

/**
 * `antd/locale/<x>` (src/i18n) resolves to antd's CommonJS build, which brings its own copies of the picker's, the
 * pagination's and the calendar's locales beside the ES ones Pro components' provider already loads; the build takes
 * the ES module of the same file instead (a few KB gzip less in the shell).
 */
function antdLocalesAsEsModules(): Plugin {
  return {
    name: 'jifen:antd-locales-as-es-modules',
    apply: 'build',
    async resolveId(source, importer) {
      const locale = /^antd\/locale\/(\w+)$/.exec(source);
      return locale ? this.resolve(`antd/es/locale/${locale[1]}`, importer, { skipSelf: true }) : null;
    },
  };
}

export default defineConfig({
  base: '/console/',
  plugins: [react(), proComponentsTwoLanguages(), antdLocalesAsEsModules()],
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
