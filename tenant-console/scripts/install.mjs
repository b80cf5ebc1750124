// `npm ci` when node_modules is not what package-lock.json (and this node) installed last, else nothing: npm ci
// always deletes node_modules first, which cost every Maven build of the platform minutes on a busy machine.
// Delete node_modules (or its .jifen-installed stamp) to force a fresh install.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const wanted = createHash('sha256').update(readFileSync('package-lock.json')).update(process.version).digest('hex');
const stamp = 'node_modules/.jifen-installed';
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
  console.log('node_modules is what package-lock.json installed: npm ci skipped');
} else {
  execSync('npm ci --no-audit --no-fund --prefer-offline', { stdio: 'inherit' });
  writeFileSync(stamp, wanted);
}
