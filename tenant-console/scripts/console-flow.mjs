// Time to interactive and transferred bytes of the console's first load in Chromium, measured by Lighthouse (desktop
// preset, its simulated throttling) against a running platform: the sign-in redirect page (/console/members, not
// signed in), then, signed in through Keycloak in the same tab, a cold load of a deep link (/console/members, nothing
// cached) and the dashboard. Not part of the build: Lighthouse comes from npm in a directory of its own.
// Usage: npm install lighthouse@12.8.2 (in an empty directory), copy this file there, then
//   CHROME_PATH=/usr/bin/chromium node console-flow.mjs http://127.0.0.1:8080 admin@bella-baby.local jifen-demo-password
import { writeFileSync } from 'node:fs';
import desktop from 'lighthouse/core/config/desktop-config.js';
import { startFlow } from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [base, user, password] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: 'new',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const page = await browser.newPage();
const config = { ...desktop, settings: { ...desktop.settings, onlyCategories: ['performance'] } };
const flow = await startFlow(page, { config, flags: { disableStorageReset: true } });

await flow.navigate(`${base}/console/members`, { name: 'sign-in redirect (/console/members, not signed in)' });
await page.waitForSelector('#username');
await page.type('#username', user);
await page.type('#password', password);
await Promise.all([page.waitForNavigation(), page.click('#kc-login')]);
await page.waitForFunction(() => document.querySelector('.ant-table-row') !== null, { timeout: 60_000 });
// Signed in (the tokens are in this tab's sessionStorage); the browser's cache is emptied before each navigation.
const client = await page.createCDPSession();
for (const [path, name] of [['/console/members', 'deep link /console/members, signed in'], ['/console/dashboard', 'dashboard, signed in']]) {
  await client.send('Network.clearBrowserCache');
  await flow.navigate(`${base}${path}`, { name });
}
const result = await flow.createFlowResult();
for (const step of result.steps) {
  const audits = step.lhr.audits;
  const requests = audits['network-requests'].details.items;
  const scripts = requests.filter((r) => r.resourceType === 'Script' || r.resourceType === 'Stylesheet' || r.resourceType === 'Document');
  const kb = (items) => (items.reduce((total, r) => total + (r.transferSize ?? 0), 0) / 1024).toFixed(0);
  console.log(`${step.name}: TTI ${(audits.interactive.numericValue / 1000).toFixed(2)} s, FCP ${(audits['first-contentful-paint'].numericValue / 1000).toFixed(2)} s, `
    + `LCP ${(audits['largest-contentful-paint'].numericValue / 1000).toFixed(2)} s, transferred ${kb(requests)} KB in ${requests.length} requests `
    + `(documents, scripts and styles ${kb(scripts)} KB), performance score ${Math.round(step.lhr.categories.performance.score * 100)}`);
}
writeFileSync('console-flow.html', await flow.generateReport());
await browser.close();
