import { describe, expect, it } from 'vitest';

import { accessOf } from './auth/claims';
import { allowed, homePath, routes } from './routes';

const menu = (roles: string[], tenantId?: string) =>
  allowed(routes, accessOf({ subject: 's', name: '', roles, tenantId })).filter((route) => !route.hidden).map((route) => route.path);

describe('the menu per role', () => {
  it('gives the platform operator its own console and the audit log, and none of a tenant\'s pages', () => {
    const operator = accessOf({ subject: 'o', name: '', roles: ['platform-operator'] });
    expect(menu(['platform-operator'])).toEqual([
      '/operator/tenants', '/operator/suppliers', '/operator/settlements', '/operator/jobs', '/operator/billing', '/audit',
    ]);
    expect(homePath(operator)).toBe('/operator/tenants');
  });

  it('gives a tenant admin the billing, settings and audit log but no operator page, and staff neither', () => {
    const admin = menu(['tenant-admin'], 't-1');
    expect(admin).toEqual(expect.arrayContaining(['/dashboard', '/settings', '/billing', '/audit']));
    expect(admin.filter((path) => path.startsWith('/operator'))).toEqual([]);
    const staff = menu(['tenant-staff'], 't-1');
    expect(staff).not.toEqual(expect.arrayContaining(['/billing']));
    expect(staff.filter((path) => ['/settings', '/billing', '/audit'].includes(path) || path.startsWith('/operator'))).toEqual([]);
    expect(homePath(accessOf({ subject: 'a', name: '', roles: ['tenant-admin'], tenantId: 't-1' }))).toBe('/dashboard');
  });
});
