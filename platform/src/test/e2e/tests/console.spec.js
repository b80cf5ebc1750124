// The tenant console on a desktop, end to end (ConsoleE2eIT): a brand signs itself up and runs its first rule; a staff
// user sees no admin actions and the API refuses them; one tenant's admin never sees another tenant's members.
const { test, expect } = require('@playwright/test');
const { accessToken, logIn, signIn, signUp } = require('./console-steps');

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

test('a brand signs up, verifies its address, signs in, runs the calculator against a real member and publishes its first rule', async ({ page, request }) => {
  await signUp(page, request, env('E2E_MAIL_API'), { name: `贝拉母婴 ${A.slug}`, slug: A.slug, adminName: '王芳', email: A.email, password: A.password, shot });
  await logIn(page, A.email, A.password);

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
