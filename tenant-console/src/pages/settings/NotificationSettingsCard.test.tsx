import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { NotificationSettingsCard, type NotificationWebhook } from './NotificationSettingsCard';

const NONE: NotificationWebhook = { url: null, kinds: [], configured: false, updatedAt: null, secret: null };

describe('the notification webhook', () => {
  it('saves the URL and kinds, shows the issued secret once and a refused URL at its field', async () => {
    let saved: NotificationWebhook = NONE;
    const calls = mockApi((call) => {
      if (call.method === 'GET') {
        return { body: saved };
      }
      const body = call.body as { url: string; kinds: string[] };
      if (body.url.startsWith('ftp:')) {
        return { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'url', message: 'must be an https URL' }] } };
      }
      saved = { url: body.url, kinds: body.kinds as NotificationWebhook['kinds'], configured: true, updatedAt: '2026-11-30T08:00:00Z', secret: null };
      return { body: { ...saved, secret: 'nwhsec_shown-once' } };
    });
    renderAs(<NotificationSettingsCard />);
    const url = await screen.findByLabelText('接收地址（https）');
    expect(screen.getByRole('button', { name: '发送测试' })).toBeDisabled();

    await userEvent.type(url, 'ftp://bella.cn/hook');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('must be an https URL')).toBeInTheDocument();

    await userEvent.clear(url);
    await userEvent.type(url, 'https://bella.cn/jifen/notify');
    await userEvent.click(screen.getByLabelText('会员沉睡（唤醒任务）'));
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('nwhsec_shown-once')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PUT' && (call.body as { url: string }).url.startsWith('https:'))).toMatchObject({
      url: '/api/v1/tenant/notification-webhook',
      body: { url: 'https://bella.cn/jifen/notify', kinds: ['POINTS_EXPIRING', 'ORDER_DELIVERED'] },
    });
    await waitFor(() => expect(screen.getByRole('button', { name: '发送测试' })).toBeEnabled());
  }, 120_000);

  it('sends a test post and shows what the receiver answered', async () => {
    const configured: NotificationWebhook = {
      url: 'https://bella.cn/jifen/notify', kinds: ['ORDER_DELIVERED'], configured: true, updatedAt: '2026-11-30T08:00:00Z', secret: null,
    };
    const calls = mockApi((call) =>
      call.url.endsWith('/test') ? { body: { delivered: false, status: 503, error: 'answered 503' } } : { body: configured },
    );
    renderAs(<NotificationSettingsCard />);
    expect(await screen.findByDisplayValue('https://bella.cn/jifen/notify')).toBeInTheDocument();
    expect(screen.getByLabelText('积分即将过期')).not.toBeChecked();
    expect(screen.getByLabelText('订单已送达')).toBeChecked();

    await userEvent.click(screen.getByRole('button', { name: '发送测试' }));
    expect(await screen.findByText('测试通知未送达：answered 503')).toBeInTheDocument();
    expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/tenant/notification-webhook/test' });
  }, 120_000);
});
