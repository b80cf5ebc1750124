// The tenant console on a desktop, end to end (ConsoleE2eIT): a brand signs itself up and runs its first rule; a staff
// user sees no admin actions and the API refuses them; one tenant's admin never sees another tenant's members.
const { test, expect } = require('@playwright/test');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (ConsoleE2eIT sets it)`);
  return value;
};
const A = { slug: env('E2E_A_SLUG'), email: `admin@${env('E2E_A_SLUG')}.example.com`, password: 'console-admin-password-42', member: 'a-member-1' };
const B = { slug: env('E2E_B_SLUG'), member: env('E2E_B_MEMBER') };
const STAFF = { email: env('E2E_STAFF_EMAIL'), password: env('E2E_STAFF_PASSWORD') };
const shots = process.env.E2E_SCREENSHOTS;

// The tests share the brand that the first one signs up.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

async function shot(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/console-${name}.png`, fullPage: false });
}

/** The latest action link (verify the address) Keycloak mailed `address`, read from the stack's mail server (GreenMail). */
async function actionLink(request, address) {
  let link;
  await expect.poll(async () => {
    const response = await request.get(`${env('E2E_MAIL_API')}/api/user/${encodeURIComponent(address)}/messages/INBOX`);
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

/** Through the realm's login page (the console redirects there with a PKCE challenge) and back to the console. */
async function signIn(page, email, password, path = '/console/') {
  await page.goto(path);
  await page.locator('#username').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
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

test('a brand signs up, verifies its address, signs in, runs the calculator against a real member and publishes its first rule', async ({ page, request }) => {
  await page.goto('/console/signup');
  await expect(page.getByRole('heading', { name: '品牌入驻' })).toBeVisible();
  await page.locator('#name').fill(`贝拉母婴 ${A.slug}`);
  await page.locator('#slug').fill(A.slug);
  await page.locator('#adminName').fill('王芳');
  await page.locator('#adminEmail').fill(A.email);
  await page.locator('#adminPassword').fill(A.password);
  await shot(page, 'signup');
  await page.getByRole('button', { name: '提交入驻' }).click();
  await expect(page.getByText(`我们已向 ${A.email} 发送验证邮件`)).toBeVisible();

  // The administrator opens the mailed link in another tab; Keycloak asks a browser without its session to confirm.
  const mail = await page.context().newPage();
  await mail.goto(await actionLink(request, A.email));
  const proceed = mail.locator('a[href*="login-actions/action-token"]');
  if (await proceed.count() > 0) await proceed.click();
  await expect(mail.locator('a[href*="login-actions/action-token"]')).toHaveCount(0);
  await mail.close();

  await expect(async () => {
    await page.getByRole('button', { name: '我已验证，继续' }).click();
    await expect(page.getByText('入驻完成')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('link', { name: '前往登录' }).or(page.getByRole('button', { name: '前往登录' })).click();

  await page.locator('#username').fill(A.email);
  await page.locator('#password').fill(A.password);
  await page.locator('#kc-login').click();

  // A new brand's admin lands on the onboarding guide: skip the template and the expiry, colour the mall (previewed
  // before saving), skip the invitations, go live; finishing is recorded, so the console opens at the dashboard after.
  await expect(page).toHaveURL(/\/console\/onboarding$/);
  await expect(page.getByText(/条规则/).first()).toBeVisible();
  await page.getByRole('button', { name: '跳过此步' }).click();
  await expect(page.getByTestId('point-value')).toContainText('100 积分');
  await page.getByRole('button', { name: '跳过此步' }).click();
  await page.getByPlaceholder(/默认 #C8102E/).fill('#1E88E5');
  await expect(page.getByTestId('preview-bar')).toHaveCSS('background-color', 'rgb(30, 136, 229)');
  await shot(page, 'onboarding');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('#email')).toBeVisible();
  await page.getByRole('button', { name: '跳过此步' }).click();
  await expect(page.getByText('您的积分商城已上线')).toBeVisible();
  await page.getByRole('button', { name: '完成，进入控制台' }).click();
  await expect(page).toHaveURL(/\/console\/dashboard$/);
  const tenantNow = await page.request.get('/api/v1/tenant', { headers: { Authorization: `Bearer ${await accessToken(page)}` } });
  expect((await tenantNow.json()).primaryColor).toBe('#1E88E5');
  expect((await tenantNow.json()).onboardedAt).toBeTruthy();
  await page.goto('/console/');
  await expect(page).toHaveURL(/\/console\/dashboard$/);
  await expect(page.getByRole('menuitem', { name: /设置/ })).toBeVisible();
  await expect(page.locator('.ant-statistic').first()).toBeVisible();
  await expect(page.locator('.ant-skeleton, .ant-spin-spinning')).toHaveCount(0);
  await shot(page, 'dashboard');

  // A real member of the brand, made by its back end through the API (here with the admin's own token).
  const token = await accessToken(page);
  const created = await request.post('/api/v1/members', {
    headers: { Authorization: `Bearer ${token}` },
    data: { externalId: A.member, audience: 'CONSUMER', displayName: '韩梅梅' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const memberId = (await created.json()).id;

  await page.getByRole('menuitem', { name: /会员$/ }).click();
  await expect(page.getByRole('cell', { name: A.member })).toBeVisible();
  await shot(page, 'members');
  await page.goto(`/console/members/${memberId}`);
  await expect(page.getByText('韩梅梅').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '调整积分' })).toBeVisible();
  await shot(page, 'member-detail');

  await page.getByRole('menuitem', { name: /积分规则/ }).click();
  await page.getByRole('button', { name: '新建草稿' }).click();
  await expect(page).toHaveURL(/\/console\/earning\/rules\/[0-9a-f-]{36}$/);
  await expect(page.getByText('DRAFT').first()).toBeVisible();
  const calculator = page.locator('.ant-card', { hasText: '积分计算器' });
  await calculator.locator('#externalMemberId').fill(A.member);
  await calculator.locator('#amountFen').fill('10000');
  await calculator.getByRole('button', { name: /试\s*算/ }).click();
  await expect(page.getByTestId('calculation')).toHaveText('可得 100 积分');
  await shot(page, 'rule-version');

  // A member the brand does not have is a problem, not a number.
  await calculator.locator('#externalMemberId').fill('nobody-here');
  await calculator.getByRole('button', { name: /试\s*算/ }).click();
  await expect(calculator.locator('.ant-alert-error, .ant-form-item-explain-error').first()).toBeVisible();
  await expect(page.getByTestId('calculation')).toHaveCount(0);

  await page.getByRole('button', { name: /^发\s*布$/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button').last().click();
  await expect(page.getByText('PUBLISHED').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^发\s*布$/ })).toHaveCount(0);
  const versions = await request.get('/api/v1/earning/rule-versions', { headers: { Authorization: `Bearer ${token}` } });
  expect((await versions.json()).items[0].state).toBe('PUBLISHED');

  for (const [path, name] of [['/console/mall/orders', 'orders'], ['/console/settings', 'settings']]) {
    await page.goto(path);
    await expect(page.locator('.ant-pro-page-container')).toBeVisible();
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    await shot(page, name);
  }
});

test('a staff user sees no admin actions in the console and the API refuses them', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, STAFF.email, STAFF.password);
  await expect(page.getByRole('menuitem', { name: /设置/ })).toHaveCount(0);

  await page.getByRole('menuitem', { name: /会员$/ }).click();
  await expect(page.getByRole('cell', { name: 'b-secret-member' })).toBeVisible();
  await page.goto(`/console/members/${B.member}`);
  await expect(page.getByText('b-secret-member').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '调整积分' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^冻\s*结$/ })).toHaveCount(0);

  await page.goto('/console/earning/rules');
  await expect(page.locator('.ant-pro-page-container')).toBeVisible();
  await expect(page.getByRole('button', { name: '新建草稿' })).toHaveCount(0);
  await page.goto('/console/settings');
  await expect(page.getByText('您的账号没有访问此页面的权限。')).toBeVisible();

  const token = await accessToken(page);
  const auth = { Authorization: `Bearer ${token}` };
  const refusals = [
    await page.request.post('/api/v1/earning/rule-versions', { headers: auth, data: { rules: { rules: [] }, effectiveFrom: new Date().toISOString() } }),
    await page.request.post(`/api/v1/members/${B.member}/points/adjustments`, { headers: { ...auth, 'Idempotency-Key': `staff-${Date.now()}` }, data: { points: 100, reason: 'staff try' } }),
    await page.request.patch('/api/v1/tenant', { headers: auth, data: { primaryColor: '#000000' } }),
    await page.request.post('/api/v1/tenant/admins', { headers: auth, data: { email: `x@${B.slug}.example.com` } }),
  ];
  for (const refusal of refusals) {
    expect(refusal.status(), refusal.url()).toBe(403);
    expect(refusal.headers()['content-type']).toContain('application/problem+json');
    expect((await refusal.json()).status).toBe(403);
  }
  // Reading is what staff may do.
  expect((await page.request.get(`/api/v1/members/${B.member}`, { headers: auth })).status()).toBe(200);
  await context.close();
});

test('tenant A\'s admin never sees tenant B\'s members, not even by a deep link', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, A.email, A.password, '/console/members');
  await expect(page).toHaveURL(/\/console\/members$/);
  await expect(page.getByRole('cell', { name: A.member })).toBeVisible();
  await expect(page.getByText('b-secret-member')).toHaveCount(0);

  await page.goto(`/console/members/${B.member}`);
  await expect(page.locator('.ant-result-404')).toBeVisible();
  await expect(page.getByText('b-secret-member')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '调整积分' })).toHaveCount(0);

  const token = await accessToken(page);
  const direct = await page.request.get(`/api/v1/members/${B.member}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(direct.status()).toBe(404);
  const search = await page.request.get('/api/v1/members?externalId=b-secret-member', { headers: { Authorization: `Bearer ${token}` } });
  expect(JSON.stringify(await search.json())).not.toContain(B.member);
  await context.close();
});
