// The whole product once (JourneysE2eIT runs each part with --grep, moving the clock in between): a brand signs up and
// sets up its mall in the console, a member earns through the brand's API and redeems on a phone, the operator bills the
// month, and the brand sees the redemption on its paid invoice. The parts hand each other what they made in a file.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('@playwright/test');
const { logIn, signUp } = require('./console-steps');
const { autoLoginLink } = require('./links');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (JourneysE2eIT sets it)`);
  return value;
};
const BRAND = { slug: env('E2E_SLUG'), email: env('E2E_ADMIN_EMAIL'), password: env('E2E_PASSWORD') };
const stateFile = path.join(env('E2E_STATE'), 'state.json');
const saved = () => (fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {});
const save = (values) => fs.writeFileSync(stateFile, JSON.stringify({ ...saved(), ...values }));
const PHONE = { baseURL: process.env.E2E_BASE_URL, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const POINTS_PRICE = 3000;

test.describe.configure({ timeout: 180_000 });

/** The secret a "shown this once" dialog holds (its copyable code) and the dialog's title, then the dialog closed. */
async function shownOnce(page) {
  const dialog = page.locator('.ant-modal:visible').filter({ has: page.locator('code') });
  const code = dialog.locator('code').last();
  await expect(code).not.toBeEmpty();
  const secret = (await code.textContent()).trim();
  const title = (await dialog.locator('.ant-modal-title').textContent()).trim();
  await dialog.locator('.ant-modal-close').click();
  await expect(dialog).toBeHidden();
  return { title, secret };
}

test('a brand signs up, publishes its first rule, picks a supplier voucher into its mall and connects its back end', async ({ page, request }) => {
  await signUp(page, request, env('E2E_MAIL_API'), { name: `悦享咖啡 ${BRAND.slug}`, slug: BRAND.slug, adminName: '陈静', email: BRAND.email, password: BRAND.password });
  await logIn(page, BRAND.email, BRAND.password);
  // The onboarding guide opens first; this brand sets up from the menus instead.
  await expect(page).toHaveURL(/\/console\/onboarding$/);
  await page.getByRole('button', { name: '跳过向导' }).click();

  // The first earning rule: a draft, then published.
  await page.getByRole('menuitem', { name: /积分规则/ }).click();
  await page.getByRole('button', { name: '新建草稿' }).click();
  await expect(page).toHaveURL(/\/console\/earning\/rules\/[0-9a-f-]{36}$/);
  // A new draft starts tomorrow; this one applies from a minute ago, so that today's orders earn.
  const from = new Date(Date.now() - 60_000);
  const pad = (n) => String(n).padStart(2, '0');
  const effective = page.locator('#effectiveFrom');
  await effective.click();
  await effective.fill(`${from.getFullYear()}-${pad(from.getMonth() + 1)}-${pad(from.getDate())} ${pad(from.getHours())}:${pad(from.getMinutes())}:00`);
  await effective.press('Enter');
  await page.getByRole('button', { name: /^保\s*存$/ }).click();
  await expect(page.getByText('已保存').first()).toBeVisible();
  await page.getByRole('button', { name: /^发\s*布$/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button').last().click();
  await expect(page.getByText('PUBLISHED').first()).toBeVisible();

  // A supplier's e-voucher from the hub, searched and put in the mall at a points price.
  await page.goto('/console/mall/catalog');
  await page.getByPlaceholder('搜索供应链商品').fill('中杯拿铁');
  await page.getByPlaceholder('搜索供应链商品').press('Enter');
  const row = page.locator('.ant-table-row', { hasText: '30元中杯拿铁兑换券' }).first();
  await expect(row).toBeVisible();
  const title = (await row.locator('td').nth(1).locator('span').first().textContent()).trim();
  await row.locator('input').fill(String(POINTS_PRICE));
  await row.getByRole('button', { name: '加入商城' }).click();
  await expect(row.getByRole('button', { name: '移出商城' })).toBeVisible();

  // The brand's back end: an API client and the members' auto-login secret, each shown once.
  await page.goto('/console/settings');
  await page.getByRole('button', { name: '新建客户端' }).click();
  await page.getByRole('dialog').locator('input').fill('app-backend');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  const { title: clientId, secret: clientSecret } = await shownOnce(page);
  const card = page.locator('.ant-card', { hasText: '会员免登链接' });
  await card.getByRole('button', { name: '生成新密钥' }).click();
  await page.locator('.ant-popconfirm').getByRole('button').last().click();
  const { secret: autoLoginSecret } = await shownOnce(page);
  await expect(card.getByText('已签发密钥')).toBeVisible();
  save({ title, clientId, clientSecret, autoLoginSecret });
});

test('a member earns through the brand\'s API and redeems the voucher in the mall on a phone', async ({ browser, request }) => {
  const { title, clientId, clientSecret, autoLoginSecret } = saved();
  // The brand's back end: a token for its client, the member, and a paid order of 50 yuan that the rule turns into points.
  const tokenResponse = await request.post(`${env('E2E_KEYCLOAK_URL')}/realms/jifen/protocol/openid-connect/token`, {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  expect(tokenResponse.ok(), await tokenResponse.text()).toBe(true);
  const backEnd = { Authorization: `Bearer ${(await tokenResponse.json()).access_token}` };
  const member = await request.post('/api/v1/members', { headers: backEnd, data: { externalId: 'app-user-8848', audience: 'CONSUMER', displayName: '林小雨' } });
  expect(member.status(), await member.text()).toBe(201);
  const memberId = (await member.json()).id;
  const earned = await request.post('/api/v1/earning/events', {
    headers: backEnd,
    data: { eventId: 'app-order-1-paid', type: 'ORDER_PAID', memberId, order: { orderId: 'app-order-1', amountFen: 500000, items: [{ category: 'coffee', amountFen: 500000 }], channel: 'app' } },
  });
  expect(earned.status(), await earned.text()).toBe(200);
  expect((await earned.json()).points).toBe(5000);

  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  await page.goto(autoLoginLink({ slug: BRAND.slug, secret: autoLoginSecret, member: 'app-user-8848' }));
  await expect(page).toHaveURL(new RegExp(`/m/${BRAND.slug}/$`));
  await expect(page.locator('#balance')).toHaveText('5,000');
  await page.locator('#q').fill('中杯拿铁');
  await page.locator('#q').press('Enter');
  // The mall's search follows the brand's selection within seconds.
  const item = page.getByRole('link', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first();
  await expect(async () => {
    await page.reload();
    await expect(item).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await item.click();
  await expect(page.locator('h1')).toHaveText(title);
  await page.getByRole('button', { name: '立即兑换' }).click();
  await expect(page.locator('h1')).toHaveText('确认兑换');
  await page.locator('#place').click();
  await expect(page).toHaveURL(new RegExp(`/m/${BRAND.slug}/orders/[0-9a-f-]{36}$`));
  const orderId = page.url().split('/').pop();
  // The supplier delivers the voucher's code; the member alone sees it.
  await expect.poll(async () => {
    await page.reload();
    return page.locator('.voucher-code').count();
  }, { timeout: 60_000 }).toBe(1);
  await expect(page.locator('.voucher-code')).not.toBeEmpty();
  await page.getByRole('link', { name: '积分' }).click();
  await expect(page.locator('.big')).toHaveText((5000 - POINTS_PRICE).toLocaleString('en-US'));
  await phone.close();
  save({ orderId });
});

test('the operator runs the month', async ({ page }) => {
  await page.goto('/console/operator/billing');
  const otpSecret = await logIn(page, env('E2E_OPERATOR_EMAIL'), env('E2E_PASSWORD'));
  save({ otpSecret });
  await expect(page.getByRole('menuitem', { name: /账单|计费/ }).first()).toBeVisible();
  await page.goto('/console/operator/billing');
  await page.getByRole('tab', { name: '月度出账' }).click();
  const month = page.locator('.ant-picker input').first();
  await month.click();
  await month.fill(env('E2E_PERIOD'));
  await month.press('Enter');
  await page.getByRole('button', { name: /^出\s*账$/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button').last().click();
  await expect(page.locator('.ant-table-row', { hasText: 'COMPLETED' }).first()).toBeVisible({ timeout: 120_000 });

  // The brand's invoice, finalized at once rather than after the grace period.
  await page.goto(`/console/operator/billing/tenants/${env('E2E_TENANT_ID')}`);
  const invoice = page.locator('.ant-table-row', { hasText: new RegExp(`JF${env('E2E_PERIOD').replace('-', '')}-\\d+`) }).first();
  await expect(invoice).toBeVisible();
  await invoice.getByRole('button', { name: '立即定稿' }).click();
  await page.locator('.ant-popconfirm').getByRole('button').last().click();
  await expect(invoice.getByText('已定稿')).toBeVisible();
});

test('the brand sees its paid invoice with the redemption\'s fee and goods cost', async ({ page }) => {
  await page.goto('/console/billing');
  await logIn(page, BRAND.email, BRAND.password);
  await expect(page.getByRole('menuitem', { name: /会员$/ })).toBeVisible();
  await page.goto('/console/billing');
  const invoice = page.locator('.ant-table-row', { hasText: env('E2E_INVOICE') });
  await expect(invoice).toBeVisible();
  await expect(invoice.getByTestId('payment-status')).toHaveText('已支付');
  await invoice.locator('.ant-table-row-expand-icon').click();
  const lines = page.locator('.ant-table-expanded-row');
  await expect(lines.getByText('服务费 Service fee', { exact: false })).toBeVisible();
  await expect(lines.getByText('供应商商品成本 Supplier goods cost', { exact: false })).toBeVisible();
  const goodsCost = (Number(env('E2E_GOODS_COST')) / 100).toFixed(2);
  await expect(lines.locator('tr', { hasText: '供应商商品成本' }).first()).toContainText(goodsCost);
});
