import { describe, expect, it } from 'vitest';

import { accessOf, sessionOf } from './claims';

function token(claims: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(claims));
  const base64url = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `eyJhbGciOiJSUzI1NiJ9.${base64url}.signature`;
}

describe('the session read from an access token', () => {
  it('has the realm roles, the tenant and a Chinese name intact', () => {
    const session = sessionOf(token({ sub: 's', name: '贝拉 管理员', tenant_id: 't-1', realm_access: { roles: ['tenant-admin', 'default-roles-jifen'] } }));
    expect(session).toMatchObject({ subject: 's', name: '贝拉 管理员', tenantId: 't-1', roles: ['tenant-admin', 'default-roles-jifen'] });
  });

  it('lets an admin write, staff only read, and nobody without a tenant in', () => {
    expect(accessOf({ subject: 'a', name: '', tenantId: 't', roles: ['tenant-admin'] })).toEqual({ canRead: true, canAdmin: true, canOperate: false, canAudit: true });
    expect(accessOf({ subject: 'b', name: '', tenantId: 't', roles: ['tenant-staff'] })).toEqual({ canRead: true, canAdmin: false, canOperate: false, canAudit: false });
    expect(accessOf({ subject: 'c', name: '', roles: ['tenant-admin'] })).toEqual({ canRead: false, canAdmin: false, canOperate: false, canAudit: false });
    expect(accessOf({ subject: 'd', name: '', tenantId: 't', roles: ['member'] })).toEqual({ canRead: false, canAdmin: false, canOperate: false, canAudit: false });
  });

  it('gives a platform operator (no tenant) the operator console and the audit log, and none of a tenant\'s pages', () => {
    expect(accessOf({ subject: 'o', name: '', roles: ['platform-operator'] })).toEqual({ canRead: false, canAdmin: false, canOperate: true, canAudit: true });
  });
});
