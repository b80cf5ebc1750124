import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Tenant } from '../../api/types';
import { mockApi, renderAs } from '../../test/render';
import { BrandingForm } from './BrandingForm';

const tenant: Tenant = {
  id: 't-1', slug: 'bella-baby', name: '贝拉母婴', status: 'ACTIVE', timeZone: 'Asia/Shanghai', currency: 'CNY', locale: 'zh-CN', logoUrl: null,
  createdAt: '2026-11-01T00:00:00Z',
};

describe('the branding form', () => {
  it('shows a logo URL the API refuses at the logo field, then saves a good one', async () => {
    const calls = mockApi((call) =>
      (call.body as { logoUrl: string }).logoUrl.startsWith('http:')
        ? { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'logoUrl', message: 'an https URL without credentials' }] } }
        : { body: { ...tenant, logoUrl: (call.body as { logoUrl: string }).logoUrl } },
    );
    const saved = vi.fn();
    renderAs(<BrandingForm tenant={tenant} onSaved={saved} />);
    const logo = await screen.findByPlaceholderText('https://');
    await userEvent.type(logo, 'http://cdn.example/logo.png');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('an https URL without credentials')).toBeInTheDocument();
    expect(saved).not.toHaveBeenCalled();

    await userEvent.clear(logo);
    await userEvent.type(logo, 'https://cdn.example/logo.png');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', url: '/api/v1/tenant', body: { name: '贝拉母婴', logoUrl: 'https://cdn.example/logo.png' } });
  }, 120_000);

  it('previews unsaved colours on the mall home, shows a colour the API refuses at its field, and saves the colours', async () => {
    const calls = mockApi((call) =>
      (call.body as { accentColor: string }).accentColor === '#00000G'
        ? { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'accentColor', message: 'a colour as #RRGGBB' }] } }
        : { body: { ...tenant, ...(call.body as object) } },
    );
    const saved = vi.fn();
    renderAs(<BrandingForm tenant={tenant} onSaved={saved} />);
    const bar = await screen.findByTestId('preview-bar');
    expect(bar).toHaveStyle({ background: 'rgb(200, 16, 46)' });
    expect(bar).toHaveTextContent('贝拉母婴');

    const [primary, accent] = screen.getAllByPlaceholderText(/默认/);
    await userEvent.type(primary, '#FFEB3B');
    // A light primary colour: the bar's text turns black and prices are darkened until they read on white.
    await waitFor(() => expect(bar).toHaveStyle({ background: 'rgb(255, 235, 59)', color: 'rgb(0, 0, 0)' }));
    expect(screen.getAllByTestId('preview-price')[0]).not.toHaveStyle({ color: 'rgb(255, 235, 59)' });
    expect(calls).toHaveLength(0);

    await userEvent.type(accent, '#00000G');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('#RRGGBB')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    await userEvent.clear(accent);
    await userEvent.type(accent, '#1e88e5');
    await userEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH', body: { primaryColor: '#FFEB3B', accentColor: '#1e88e5', logoUrl: '' } });
    expect(screen.getByTestId('preview-accent')).toHaveStyle({ background: 'rgb(30, 136, 229)' });
  }, 120_000);
});
