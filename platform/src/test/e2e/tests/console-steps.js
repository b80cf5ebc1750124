// Steps in the tenant console that several end-to-end specs take: a brand's sign-up with the mailed verification link,
// signing in through the realm's login page (with a one-time password where the user has or must set up one), and the
// access token the console holds.
const crypto = require('node:crypto');
const { expect } = require('@playwright/test');

/** The latest action link (verify the address) Keycloak mailed `address`, read from the stack's mail server (GreenMail). */
async function actionLink(request, mailApi, address) {
  let link;
  await expect.poll(async () => {
    const response = await request.get(`${mailApi}/api/user/${encodeURIComponent(address)}/messages/INBOX`);
    if (!response.ok()) return undefined;
    const texts = (await response.json()).reverse().flatMap((mail) => decodings(mail.mimeMessage));
    link = texts.map((text) => text.match(/https?:\/\/[^\s"<>]+\/login-actions\/action-token\?[^\s"<>]+/)).find(Boolean)?.[0];
    return link;
  }, { timeout: 30_000 }).toBeTruthy();
  return link.replace(/&amp;/g, '&');
}

/** A MIME message as text: quoted-printable decoded, and each base64 block decoded. */
function decodings(mime) {
  const quoted = mime.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  const blocks = (mime.match(/(?:^[A-Za-z0-9+/=]{16,}\r?\n)+/gm) || []).map((b) => Buffer.from(b.replace(/\s/g, ''), 'base64').toString('utf8'));
  return [quoted, ...blocks];
}

/** The brand's public sign-up: the form, the administrator's verification link from the mail, and on to the sign-in page. */
async function signUp(page, request, mailApi, brand) {
  await page.goto('/console/signup');
  await expect(page.getByRole('heading', { name: '品牌入驻' })).toBeVisible();
  await page.locator('#name').fill(brand.name);
  await page.locator('#slug').fill(brand.slug);
  await page.locator('#adminName').fill(brand.adminName);
  await page.locator('#adminEmail').fill(brand.email);
  await page.locator('#adminPassword').fill(brand.password);
  if (brand.shot) await brand.shot(page, 'signup');
  await page.getByRole('button', { name: '提交入驻' }).click();
  // Sign-up makes the tenant, its organization and its administrator in Keycloak: seconds on a loaded machine.
  await expect(page.getByText(`我们已向 ${brand.email} 发送验证邮件`)).toBeVisible({ timeout: 60_000 });

  // The administrator opens the mailed link in another tab; Keycloak asks a browser without its session to confirm.
  const mail = await page.context().newPage();
  await mail.goto(await actionLink(request, mailApi, brand.email));
  const proceed = mail.locator('a[href*="login-actions/action-token"]');
  if (await proceed.count() > 0) await proceed.click();
  await expect(mail.locator('a[href*="login-actions/action-token"]')).toHaveCount(0);
  await mail.close();

  await expect(async () => {
    await page.getByRole('button', { name: '我已验证，继续' }).click();
    await expect(page.getByText('入驻完成')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('link', { name: '前往登录' }).or(page.getByRole('button', { name: '前往登录' })).click();
}

/** RFC 6238's code (SHA-1, 6 digits, 30 s) for a base32 secret as Keycloak shows it, `offset` steps from now. */
function totp(secret, offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + offset));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * The realm's login page, filled: user and password, then a one-time password when the realm asks for one. A user who
 * must set one up (a platform operator at the first browser login) does so with a new secret, returned; one who has
 * it gives `otpSecret`'s code.
 */
async function logIn(page, email, password, otpSecret) {
  await page.locator('#username').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  const setup = page.locator('#kc-totp-secret-key, #mode-manual');
  const code = page.locator('#otp');
  await expect.poll(async () => (await setup.count()) + (await code.count()) > 0 || /\/console\//.test(page.url()), { timeout: 30_000 }).toBe(true);
  if (await setup.count() > 0) {
    if (await page.locator('#kc-totp-secret-key').count() === 0) await page.locator('#mode-manual').click();
    const secret = (await page.locator('#kc-totp-secret-key').textContent()).trim();
    await page.locator('#totp').fill(totp(secret));
    if (await page.locator('#userLabel').count() > 0) await page.locator('#userLabel').fill('e2e');
    await page.locator('#saveTOTPBtn, [type=submit]').first().click();
    return secret;
  }
  if (await code.count() > 0) {
    await code.fill(totp(otpSecret));
    await page.locator('#kc-login').click();
  }
  return otpSecret;
}

/** Through the realm's login page (the console redirects there with a PKCE challenge) and back to the console. */
async function signIn(page, email, password, path = '/console/') {
  await page.goto(path);
  await logIn(page, email, password);
  await expect(page).toHaveURL(/\/console\//);
  await expect(page.getByRole('menuitem', { name: /会员$/ })).toBeVisible();
}

/** The access token the console holds for this tab (oidc-client-ts keeps it in sessionStorage). */
async function accessToken(page) {
  const token = await page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key.startsWith('oidc.user:')) return JSON.parse(sessionStorage.getItem(key)).access_token;
    }
    return undefined;
  });
  expect(token, 'a token in the tab').toBeTruthy();
  return token;
}

module.exports = { accessToken, logIn, signIn, signUp, totp };
