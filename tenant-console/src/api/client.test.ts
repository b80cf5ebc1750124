import { describe, expect, it } from 'vitest';

import { mockApi } from '../test/render';
import { api, ApiProblem, setTokenSource, withQuery } from './client';
import { fieldPath } from './problem';

describe('the API client', () => {
  it('sends the current token and JSON, and leaves empty query values out', async () => {
    setTokenSource(async () => 'token-1');
    const calls = mockApi(() => ({ body: { ok: true } }));
    await api('/api/v1/members', { method: 'POST', query: { mobile: '', page: 0, status: undefined }, body: { a: 1 } });
    expect(calls[0].url).toBe('/api/v1/members?page=0');
    expect(calls[0].headers.Authorization).toBe('Bearer token-1');
    expect(calls[0].headers['Content-Type']).toBe('application/json');
    expect(calls[0].body).toEqual({ a: 1 });
  });

  it('sends no token for the public sign-up', async () => {
    setTokenSource(async () => 'token-1');
    const calls = mockApi(() => ({ status: 202, body: {} }));
    await api('/api/v1/signups', { method: 'POST', anonymous: true, body: {} });
    expect(calls[0].headers.Authorization).toBeUndefined();
  });

  it('turns problem+json into an ApiProblem with its fields', async () => {
    mockApi(() => ({
      status: 400,
      body: { type: 'https://jifen.io/problems/validation', title: 'Invalid', detail: 'bad input', errors: [{ field: 'reason', message: 'must not be blank' }] },
    }));
    const failure = await api('/api/v1/x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).status).toBe(400);
    expect((failure as ApiProblem).errors).toEqual([{ field: 'reason', message: 'must not be blank' }]);
  });

  it('encodes query values', () => {
    expect(withQuery('/api/v1/catalog/search', { q: '电饭煲 & more' })).toBe('/api/v1/catalog/search?q=%E7%94%B5%E9%A5%AD%E7%85%B2+%26+more');
  });

  it('reads a problem field path as a form field name', () => {
    expect(fieldPath('rules[2].award.factor')).toEqual(['rules', 2, 'award', 'factor']);
    expect(fieldPath('pointsPrice')).toEqual(['pointsPrice']);
  });
});
