// Auto-login links minted as a brand's back end mints them (docs/architecture.md, "Members: auto-login links"):
// HMAC-SHA256 under the tenant's auto-login secret over netstrings of jifen-auto-login-v1, slug, member, ts, nonce, redirect.
const crypto = require('node:crypto');

function canonical(values) {
  return values.map((v) => `${Buffer.byteLength(v, 'utf8')}:${v},`).join('');
}

function autoLoginLink({ slug, secret, member, redirect = '', ts = Math.floor(Date.now() / 1000), nonce = crypto.randomBytes(12).toString('hex') }) {
  const sig = crypto.createHmac('sha256', secret)
    .update(canonical(['jifen-auto-login-v1', slug, member, String(ts), nonce, redirect]), 'utf8')
    .digest('hex');
  const query = new URLSearchParams({ member, ts: String(ts), nonce });
  if (redirect) query.set('redirect', redirect);
  query.set('sig', sig);
  return `/m/${slug}/auto-login?${query}`;
}

module.exports = { autoLoginLink };
