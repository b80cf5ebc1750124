import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import MemberImportPage from './MemberImportPage';

describe('the member import', () => {
  it('uploads the file as it is with the chosen handling of bad lines, then shows the counts and every rejected line', async () => {
    const calls = mockApi(() => ({
      body: { rows: 3, created: 1, updated: 1, unchanged: 0, rejected: [{ line: 4, field: 'mobile', message: 'not a mobile number' }] },
    }));
    const { container } = renderAs(<MemberImportPage />);
    const file = new File(['external_id,audience,mobile\nc-1,CONSUMER,13800000000\nc-2,CONSUMER,\nc-3,CONSUMER,12\n'], 'members.csv', { type: 'text/csv' });
    await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, file);
    await userEvent.click(screen.getByLabelText('跳过错误行'));
    await userEvent.click(screen.getByRole('button', { name: /上传导入/ }));

    expect(await screen.findByText('not a mobile number')).toBeInTheDocument();
    expect(screen.getByText('导入结果')).toBeInTheDocument();
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/v1/members/imports?onError=SKIP&encoding=UTF-8' });
    expect(calls[0].headers['Content-Type']).toBe('text/csv');
    // The file itself, its bytes as they are (the server decodes them in the chosen encoding).
    expect(calls[0].body).toBe(file);
  }, 120_000);

  it('lists the lines of a refused file by number', async () => {
    mockApi(() => ({
      status: 400,
      body: { title: 'Invalid', detail: '2 problems', errors: [{ line: 2, field: 'audience', message: 'one of CONSUMER, EMPLOYEE, DEALER, SALES_GUIDE' }, { line: 3, field: 'external_id', message: 'required' }] },
    }));
    const { container } = renderAs(<MemberImportPage />);
    await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, new File(['x'], 'm.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByRole('button', { name: /上传导入/ }));
    expect(await screen.findByText('one of CONSUMER, EMPLOYEE, DEALER, SALES_GUIDE')).toBeInTheDocument();
    expect(screen.getByText('required')).toBeInTheDocument();
  }, 120_000);
});
