// What a browser loads first: index.html, its entry script and every chunk the entry imports statically, then the
// landing page (the dashboard) with its own static imports; sizes raw and gzip (level 9, what `vite build` reports).
// Usage, after `npm run build`: node scripts/first-load.mjs [page chunk name prefix, default DashboardPage]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const assets = join(dist, 'assets');
const page = process.argv[2] ?? 'DashboardPage';

const staticImports = (file) =>
  [...readFileSync(join(assets, file), 'utf8').matchAll(/(?:import|from)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);

function closure(starts) {
  const seen = new Set();
  const todo = [...starts];
  while (todo.length > 0) {
    const file = todo.pop();
    if (!seen.has(file)) {
      seen.add(file);
      todo.push(...staticImports(file));
    }
  }
  return seen;
}

const index = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...index.matchAll(/\/console\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const shell = closure(entries.filter((f) => f.endsWith('.js')));
const landing = readdirSync(assets).find((f) => f.startsWith(`${page}-`) && f.endsWith('.js'));
const withPage = closure([...shell, landing]);

const size = (files) => {
  let raw = Buffer.byteLength(index);
  let gzip = gzipSync(index, { level: 9 }).length;
  for (const file of files) {
    const bytes = readFileSync(join(assets, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return `${files.size} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzip`;
};

console.log(`shell (index.html and the entry's static imports): ${size(shell)}`);
console.log(`shell and the ${page} route (the first page after sign-in): ${size(withPage)}`);
