import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';

import { AuthContext } from '../auth/AuthContext';
import { accessOf, type Session } from '../auth/claims';
import { I18nProvider } from '../i18n/I18nProvider';

export const ADMIN: Session = { subject: 'u-1', name: 'Admin', tenantId: '0b0b0b0b-0000-4000-8000-000000000001', roles: ['tenant-admin'] };
export const STAFF: Session = { subject: 'u-2', name: 'Staff', tenantId: '0b0b0b0b-0000-4000-8000-000000000001', roles: ['tenant-staff'] };

/** Renders {@code ui} signed in as {@code session}, in zh-CN unless the test chose English, at {@code path}. */
export function renderAs(ui: ReactElement, session: Session | undefined = ADMIN, path = '/'): RenderResult {
  return render(
    <I18nProvider>
      <AuthContext.Provider value={{ session, access: accessOf(session), signIn: vi.fn(), signOut: vi.fn() }}>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </AuthContext.Provider>
    </I18nProvider>,
  );
}

/** A JSON body as its value; any other (an uploaded CSV) as it was sent. */
function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Replaces fetch (the API's boundary) with {@code answer}, recording each call. {@code answer} gives a status and a body
 * (problem+json when the status is 4xx/5xx).
 */
export function mockApi(answer: (call: Call) => { status?: number; body?: unknown }): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const call: Call = {
      url,
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: typeof init.body === 'string' ? parsed(init.body) : init.body ?? undefined,
    };
    calls.push(call);
    const { status = 200, body } = answer(call);
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  }));
  return calls;
}
