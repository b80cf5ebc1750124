// Playwright drives Debian's Chromium (no browser download) against the platform an IT started: the mall on a
// phone-sized screen (MallE2eIT), the tenant console on a desktop one (ConsoleE2eIT), the three journeys on both
// (JourneysE2eIT). The base URL and the fixture values come in environment variables (see those tests).
const { defineConfig } = require('@playwright/test');

const chromium = {
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
};

module.exports = defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: process.env.E2E_OUTPUT_DIR || 'test-results',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    locale: 'zh-CN',
    launchOptions: chromium,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'mall',
      testMatch: /mall\.spec\.js$/,
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
    {
      name: 'journeys',
      testMatch: /journeys\.spec\.js$/,
      use: { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
    },
    {
      name: 'console',
      testMatch: /console\.spec\.js$/,
      use: { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
    },
  ],
});
