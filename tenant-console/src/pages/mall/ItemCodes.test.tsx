import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { ItemCodes } from './ItemCodes';

const item = { id: 'item-1', title: '星巴克中杯券' };
const summary = (available: number) => ({ itemId: 'item-1', total: available + 2, assigned: 2, available, expired: 0 });

async function choose(container: HTMLElement, text: string) {
  await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, new File([text], 'codes.csv', { type: 'text/csv' }));
}

describe("an e-voucher item's codes", () => {
  it('lists the bad lines of a refused file, then uploads the fixed one with its own key and shows the new counts, never a code', async () => {
    let uploads = 0;
    const calls = mockApi((call) => {
      if (call.method === 'GET') {
        return { body: summary(uploads === 2 ? 5 : 3) };
      }
      uploads += 1;
      return uploads === 1
        ? { status: 400, body: { title: 'Invalid', detail: '1 bad line(s) in the file; no code was stored', errors: [{ line: 3, field: 'valid_until', message: 'is in the past (before 2026-11-30)' }] } }
        : { status: 201, body: { id: 'u-1', itemId: 'item-1', codes: 2, stock: 5, at: '2026-11-30T22:00:00Z' } };
    });
    const uploaded = vi.fn();
    const { container } = renderAs(<ItemCodes item={item} onUploaded={uploaded} />);
    await waitFor(() => expect(screen.getByTestId('code-counts')).toHaveTextContent(/可用3/));

    await choose(container, 'code,valid_until\nSECRET-AAA,2026-12-31\nSECRET-BBB,2020-01-01\n');
    await userEvent.click(screen.getByText('上传券码'));
    expect(await screen.findByText('is in the past (before 2026-11-30)')).toBeInTheDocument();
    expect(screen.getByText('文件有错误行，未入库')).toBeInTheDocument();
    expect(uploaded).not.toHaveBeenCalled();

    await choose(container, 'SECRET-AAA\nSECRET-CCC\n');
    await userEvent.click(screen.getByText('上传券码'));
    expect(await screen.findByTestId('code-upload-accepted')).toHaveTextContent('已接受 2 个券码，当前库存 5');
    await waitFor(() => expect(screen.getByTestId('code-counts')).toHaveTextContent(/可用5/));
    expect(uploaded).toHaveBeenCalledWith(expect.objectContaining({ codes: 2, stock: 5 }));
    expect(container).not.toHaveTextContent('SECRET');

    const posts = calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => call.url)).toEqual(['/api/v1/mall/items/item-1/codes', '/api/v1/mall/items/item-1/codes']);
    expect(posts[1].headers['Content-Type']).toBe('text/csv; charset=utf-8');
    // Each file its own key (a retry of one file would reuse it).
    expect(posts[0].headers['Idempotency-Key']).toBeTruthy();
    expect(posts[1].headers['Idempotency-Key']).not.toBe(posts[0].headers['Idempotency-Key']);
  }, 120_000);

  it('names the lines whose codes were uploaded before', async () => {
    mockApi((call) => (call.method === 'GET'
      ? { body: summary(3) }
      : { status: 409, body: { title: 'Codes already uploaded', detail: '1 code(s) of the file were uploaded before; no code was stored',
          errors: [{ line: 2, field: 'code', message: 'this code was uploaded to this tenant before' }] } }));
    const { container } = renderAs(<ItemCodes item={item} />);
    await choose(container, 'SECRET-AAA\nSECRET-BBB\n');
    await userEvent.click(screen.getByText('上传券码'));
    expect(await screen.findByText('this code was uploaded to this tenant before')).toBeInTheDocument();
    expect(screen.getByText('文件中有之前上传过的券码，未入库')).toBeInTheDocument();
    expect(screen.getByText('1 code(s) of the file were uploaded before; no code was stored')).toBeInTheDocument();
    expect(container).not.toHaveTextContent('SECRET');
  }, 120_000);
});
