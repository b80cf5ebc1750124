import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { AutoLoginCard } from './AutoLoginCard';

describe('auto-login links', () => {
  it('issues a secret after confirmation, shows it once, and turns on creating unknown members', async () => {
    let setting = { secretIssued: false, createUnknownMembers: false };
    const calls = mockApi((call) => {
      if (call.method === 'POST') {
        setting = { ...setting, secretIssued: true };
        return { status: 201, body: { secret: 's3cr3t-once' } };
      }
      if (call.method === 'PUT') {
        setting = { ...setting, ...(call.body as object) };
      }
      return { body: setting };
    });
    renderAs(<AutoLoginCard slug="bella" />);
    expect(await screen.findByText('尚未签发密钥：免登链接暂不可用')).toBeInTheDocument();
    expect(screen.getByText(/\/m\/bella\/auto-login/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /生成新密钥/ }));
    await userEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    expect(await screen.findByText('s3cr3t-once')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/auto-login/secret')).toBe(true);
    expect(await screen.findByText('已签发密钥')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('switch', { name: '首次到访的未知会员自动创建为消费者会员' }));
    await waitFor(() => expect(calls.at(-2)).toMatchObject({ method: 'PUT', url: '/api/v1/auto-login/settings', body: { createUnknownMembers: true } }));
    await waitFor(() => expect(screen.getByRole('switch')).toBeChecked());
  }, 60_000);
});
