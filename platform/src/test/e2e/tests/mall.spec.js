// The mall on the phone, end to end: what a consumer, an employee and a stranger see in a tenant's mall.
const { test, expect } = require('@playwright/test');
const { autoLoginLink } = require('./links');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (MallE2eIT sets it)`);
  return value;
};
const A = { slug: env('E2E_A_SLUG'), secret: env('E2E_A_SECRET'), member: env('E2E_A_MEMBER'), name: env('E2E_A_NAME') };
const B = { slug: env('E2E_B_SLUG'), secret: env('E2E_B_SECRET'), member: env('E2E_B_MEMBER'), name: env('E2E_B_NAME') };
const shots = process.env.E2E_SCREENSHOTS;

async function shot(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/mall-${name}.png`, fullPage: false });
}

test('a consumer follows the brand\'s link, checks in, redeems an e-voucher and sees its code', async ({ page }) => {
  await page.goto(autoLoginLink({ ...A }));
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/$`));
  await expect(page.locator('#balance')).toHaveText('12,000');
  await expect(page.getByText(A.name).first()).toBeVisible();
  // The tenant's primary colour (#0A7D3B) paints the bar.
  await expect(page.locator('header.bar')).toHaveCSS('background-color', 'rgb(10, 125, 59)');
  await shot(page, 'home');

  await page.getByRole('link', { name: '任务' }).click();
  await page.locator('#check-in').click();
  await expect(page.locator('#checked-in')).toContainText('签到成功，获得 10 积分');
  await expect(page.locator('#streak')).toHaveText('已连续签到 1 天');
  await shot(page, 'tasks');

  await page.goto(`/m/${A.slug}/items/${env('E2E_A_VOUCHER')}`);
  await expect(page.locator('h1')).toHaveText('星巴克 中杯拿铁 电子券');
  await page.locator('#quantity').fill('2');
  await expect(page.locator('#quote-total')).toContainText('2,000');
  await page.locator('#quantity').fill('1');
  await expect(page.locator('#quote-total')).toContainText('1,000');
  await shot(page, 'item');
  await page.getByRole('button', { name: '立即兑换' }).click();
  await expect(page.locator('h1')).toHaveText('确认兑换');
  await page.locator('#place').click();
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/orders/[0-9a-f-]{36}$`));
  await expect.poll(async () => {
    await page.reload();
    return page.locator('.voucher-code').count();
  }, { timeout: 20_000 }).toBe(1);
  await expect(page.locator('.voucher-code')).toHaveText(`LATTE-${A.slug.toUpperCase()}-0001`);
  await shot(page, 'order');

  await page.getByRole('link', { name: '积分' }).click();
  await expect(page.locator('.big')).toHaveText('11,010');
  await shot(page, 'points');
});

test('an expired or reused link is refused with a page that says so', async ({ page }) => {
  const expired = await page.goto(autoLoginLink({ ...A, ts: Math.floor(Date.now() / 1000) - 600 }));
  expect(expired.status()).toBe(401);
  await expect(page.locator('h1')).toHaveText('链接已过期');

  const link = autoLoginLink({ ...A });
  await page.goto(link);
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/$`));
  const again = await page.goto(link);
  expect(again.status()).toBe(401);
  await expect(page.locator('h1')).toHaveText('链接已使用过');
  await shot(page, 'link-used');
});

test('a member of tenant B opening tenant A\'s mall gets A\'s sign-in page, never B\'s data', async ({ page }) => {
  await page.goto(autoLoginLink({ ...B }));
  await expect(page.locator('#balance')).toHaveText('7,777');
  await page.goto(`/m/${A.slug}/`);
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/login$`));
  await expect(page.getByText(A.name).first()).toBeVisible();
  await expect(page.getByText('7,777')).toHaveCount(0);
  await expect(page.getByText(B.name)).toHaveCount(0);
  await shot(page, 'login');
});

test('an employee signs in through Keycloak and redeems a physical item with a delivery address', async ({ page }) => {
  await page.goto(`/m/${A.slug}/login`);
  await page.getByRole('link', { name: '员工 / 经销商登录' }).click();
  await page.locator('input[name=username]').fill(env('E2E_EMPLOYEE_EMAIL'));
  await page.locator('input[name=password]').fill(env('E2E_EMPLOYEE_PASSWORD'));
  await page.locator('input[type=submit], button[type=submit]').first().click();
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/$`));
  await expect(page.locator('#balance')).toHaveText('8,000');

  await page.goto(`/m/${A.slug}/checkout/${env('E2E_A_PHYSICAL')}`);
  await page.locator('#quantity').fill('0');
  await page.locator('#place').click();
  await expect(page.locator('#quantity-error')).toBeVisible();
  await page.locator('#quantity').fill('1');
  await page.locator('#name').fill('李雷');
  await page.locator('#mobile').fill('13800000000');
  await page.locator('#province').fill('上海市');
  await page.locator('#city').fill('上海市');
  await page.locator('#district').fill('浦东新区');
  await page.locator('#line').fill('世纪大道 100 号');
  // An empty address book: the address goes into it unless the member unticks this.
  await expect(page.locator('#save')).toBeChecked();
  await shot(page, 'checkout');
  await page.locator('#place').click();
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/orders/[0-9a-f-]{36}$`));
  const firstOrder = page.url();
  await expect(page.getByText('上海市浦东新区世纪大道 100 号')).toBeVisible();
  await expect(page.locator('#order-state')).toHaveText(/已支付|处理中/);

  // The address is offered again next time: the book's default, preselected, the form for a new one folded away.
  await page.goto(`/m/${A.slug}/checkout/${env('E2E_A_PHYSICAL')}`);
  const saved = page.locator('label.pick', { hasText: '上海市浦东新区世纪大道 100 号' });
  await expect(saved.locator('input[type=radio]')).toBeChecked();
  await expect(saved).toContainText('李雷');
  await expect(page.locator('#line')).toBeHidden();
  await page.locator('label[for=address-new]').click();
  await expect(page.locator('#line')).toBeVisible();

  // My addresses, from My orders: add a second address, make it the default, edit the first.
  await page.getByRole('link', { name: '订单' }).click();
  await page.locator('#my-addresses').click();
  await expect(page.locator('h1')).toHaveText('我的收货地址');
  await expect(page.locator('.card.address')).toHaveCount(1);
  await page.locator('#address-add').click();
  await page.locator('#recipient').fill('韩梅梅');
  await page.locator('#phone').fill('1390000');
  await page.locator('#province').fill('广东省');
  await page.locator('#city').fill('深圳市');
  await page.locator('#district').fill('南山区');
  await page.locator('#line').fill('科技园南路 8 号');
  await page.locator('#address-save').click();
  await expect(page.locator('#phone-error')).toBeVisible();
  await page.locator('#phone').fill('139 0000 0002');
  await page.locator('#address-save').click();
  await expect(page.locator('.card.address')).toHaveCount(2);
  const shenzhen = page.locator('.card.address', { hasText: '广东省深圳市南山区科技园南路 8 号' });
  await shenzhen.getByRole('button', { name: '设为默认' }).click();
  await expect(shenzhen).toContainText('默认');
  await expect(page.locator('.card.address').first()).toContainText('韩梅梅');
  await shot(page, 'addresses');
  const shanghai = page.locator('.card.address', { hasText: '世纪大道 100 号' });
  await shanghai.getByRole('link', { name: '编辑' }).click();
  await page.locator('#line').fill('世纪大道 200 号');
  await page.locator('#address-save').click();
  await expect(page.locator('.card.address', { hasText: '上海市浦东新区世纪大道 200 号' })).toHaveCount(1);

  // The order keeps the address it went to; the checkout now offers the new default.
  await page.goto(firstOrder);
  await expect(page.getByText('上海市浦东新区世纪大道 100 号')).toBeVisible();
  await page.goto(`/m/${A.slug}/checkout/${env('E2E_A_PHYSICAL')}`);
  await expect(page.locator('label.pick', { hasText: '广东省深圳市南山区科技园南路 8 号' }).locator('input[type=radio]')).toBeChecked();
});

test('a consumer pays the cash part of points + cash with Alipay on the payment page and sees the order paid', async ({ page }) => {
  await page.goto(autoLoginLink({ ...A, redirect: `/checkout/${env('E2E_A_CASH')}` }));
  await expect(page.locator('h1')).toHaveText('确认兑换');
  await expect(page.locator('#place')).toHaveText('去支付 ¥20.00');
  await page.locator('#name').fill('林小雨');
  await page.locator('#mobile').fill('13800000001');
  await page.locator('#province').fill('上海市');
  await page.locator('#city').fill('上海市');
  await page.locator('#district').fill('徐汇区');
  await page.locator('#line').fill('漕溪北路 1 号');
  await page.locator('#place').click();
  await page.getByRole('button', { name: 'Authorize test payment' }).click();
  await expect(page).toHaveURL(new RegExp(`/m/${A.slug}/orders\\?paid`));
  await expect(page.getByText('支付结果已收到')).toBeVisible();
  await expect.poll(async () => {
    await page.reload();
    return page.locator('a.card .count').first().textContent();
  }, { timeout: 20_000 }).toMatch(/已支付|处理中/);
});

test('a consumer who has not paid yet cancels the order after confirming, and the points come back', async ({ page }) => {
  await page.goto(autoLoginLink({ ...A, redirect: '/points' }));
  const available = await page.locator('main .card .big').first().textContent();
  await page.goto(`/m/${A.slug}/checkout/${env('E2E_A_CASH')}`);
  await expect(page.locator('h1')).toHaveText('确认兑换');
  // The address of the paid order above was saved to the book and is preselected.
  await expect(page.locator('label.pick', { hasText: '上海市徐汇区漕溪北路 1 号' }).locator('input[type=radio]')).toBeChecked();
  await page.locator('#place').click();
  // On the payment page the consumer changes their mind and goes back to the mall's orders instead of paying.
  await expect(page.getByRole('button', { name: 'Authorize test payment' })).toBeVisible();
  await page.goto(`/m/${A.slug}/orders`);
  await page.locator('a.card', { hasText: '待支付' }).first().click();
  await expect(page.locator('#order-state')).toHaveText('待支付');
  await page.locator('#order-cancel').click();
  await expect(page.locator('h1')).toHaveText('确认取消订单？');
  await shot(page, 'cancel');
  // Keeping it changes nothing; then cancelling for real.
  await page.locator('#cancel-keep').click();
  await expect(page.locator('#order-state')).toHaveText('待支付');
  await page.locator('#order-cancel').click();
  await page.locator('#cancel-confirm').click();
  await expect(page.locator('#order-state')).toHaveText('已取消');
  await expect(page.locator('#order-cancel')).toHaveCount(0);
  await page.goto(`/m/${A.slug}/points`);
  await expect(page.locator('main .card .big').first()).toHaveText(available);
});
