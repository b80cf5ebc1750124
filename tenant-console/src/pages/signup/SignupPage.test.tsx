import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import SignupPage from './SignupPage';

async function fillIn() {
  fireEvent.change(screen.getByLabelText('品牌名称'), { target: { value: '贝拉母婴' } });
  fireEvent.change(screen.getByLabelText('品牌标识（网址用）'), { target: { value: 'bella-baby' } });
  fireEvent.change(screen.getByLabelText('管理员姓名'), { target: { value: '张三' } });
  fireEvent.change(screen.getByLabelText('管理员邮箱'), { target: { value: 'admin@bella.example' } });
  fireEvent.change(screen.getByLabelText('管理员密码'), { target: { value: 'a-long-password-1' } });
  await userEvent.click(screen.getByRole('button', { name: /提交入驻/ }));
}

describe('the sign-up wizard', () => {
  it('shows a taken slug at the slug field', async () => {
    mockApi(() => ({ status: 409, body: { title: 'Conflict', detail: 'slug taken', errors: [{ field: 'slug', message: 'bella-baby is taken' }] } }));
    renderAs(<SignupPage />, undefined, '/signup');
    await fillIn();
    expect(await screen.findByText('bella-baby is taken')).toBeInTheDocument();
  });

  it('asks the administrator to verify the address, then resumes with the token of the first answer', async () => {
    const calls = mockApi((call) =>
      call.url.endsWith('/resumption')
        ? { status: 201, body: { tenantId: 't-1', slug: 'bella-baby', name: '贝拉母婴', status: 'ACTIVE', apiClient: { clientId: 'tenant-bella-baby-api', secret: 's3cret' } } }
        : { status: 202, body: { tenantId: 't-1', slug: 'bella-baby', name: '贝拉母婴', status: 'PROVISIONING', next: 'VERIFY_EMAIL', resumeToken: 'rt-1' } },
    );
    renderAs(<SignupPage />, undefined, '/signup');
    await fillIn();
    expect(await screen.findByText(/admin@bella.example/)).toBeInTheDocument();
    expect(calls[0].headers.Authorization).toBeUndefined();
    await userEvent.click(screen.getByRole('button', { name: /我已验证/ }));
    expect(await screen.findByText('tenant-bella-baby-api / s3cret')).toBeInTheDocument();
    expect(calls[1]).toMatchObject({ url: '/api/v1/signups/t-1/resumption', headers: { 'Jifen-Resume-Token': 'rt-1' } });
    expect(calls[1].body).toMatchObject({ slug: 'bella-baby', adminPassword: 'a-long-password-1' });
  });
});
