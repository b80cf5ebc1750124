// The first-load budget (issue 17): the initial bundle (the shell every first load fetches) and a deep link into any page
// (the shell and the page) must each stay under 500 KB gzip. A deep link loads index.html, the entry script with its CSS
// and every chunk the entry imports statically (the shell: React, the router, Ant Design's core, the layout, the OIDC
// client), then the page's lazy chunk with its own static imports. Read from Vite's build manifest
// (dist/.vite/manifest.json); gzip at level 9, as `vite build` reports. Runs after `vite build` (npm run build, so
// Maven's build too) and fails it over the budget.
// Usage: node scripts/first-load.mjs [dist directory, default dist]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 500;
const dist = resolve(process.argv[2] ?? new URL('../dist/', import.meta.url).pathname);
const manifestFile = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`first-load: no ${manifestFile} (vite.config.ts sets build.manifest)`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const gzipped = new Map();
const gzipKb = (file) => {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024);
  return gzipped.get(file);
};

/** The files a chunk brings with it: itself, its CSS and, recursively, its static imports (never its dynamic ones). */
function closure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const shell = closure(entry);
const html = gzipSync(readFileSync(join(dist, 'index.html')), { level: 9 }).length / 1024;
const sum = (files) => html + [...files].reduce((total, file) => total + gzipKb(file), 0);
const pages = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry && /^src\/pages\/.*Page\.tsx$/.test(key)).sort();

console.log(`first load, gzip (budget ${BUDGET_KB} KB for the shell and for each deep link; * over it):`);
console.log(`  ${sum(shell).toFixed(1).padStart(6)} KB  the shell alone (index.html, ${shell.size} files)`);
const over = [];
if (sum(shell) > BUDGET_KB) over.push(`the shell: ${sum(shell).toFixed(1)} KB`);
for (const page of pages) {
  const files = closure(page, new Set(shell));
  const total = sum(files);
  console.log(`  ${total.toFixed(1).padStart(6)} KB${total > BUDGET_KB ? '*' : ' '} ${page.replace(/^src\/pages\//, '')} (${files.size} files)`);
  if (total > BUDGET_KB) over.push(`${page}: ${total.toFixed(1)} KB`);
}
if (pages.length === 0) {
  console.error('first-load: no lazy pages in the manifest');
  process.exit(2);
}
if (over.length > 0) {
  console.error(`first-load: over budget: ${over.join(', ')}`);
  process.exit(1);
}
