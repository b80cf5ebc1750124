/** What the console reads of an access token: who, which tenant, which realm roles. The server verifies it; this does not. */
export interface Session {
  subject: string;
  name: string;
  email?: string;
  tenantId?: string;
  roles: string[];
}

export const ROLES = {
  operator: 'platform-operator',
  admin: 'tenant-admin',
  staff: 'tenant-staff',
} as const;

export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) {
    throw new Error('not a JWT');
  }
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export function sessionOf(accessToken: string): Session {
  const claims = decodeJwtPayload(accessToken);
  const realmAccess = claims.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realmAccess?.roles) ? realmAccess.roles.filter((r): r is string => typeof r === 'string') : [];
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return {
    subject: String(claims.sub ?? ''),
    name: String(claims.name ?? claims.preferred_username ?? email ?? ''),
    email,
    tenantId: typeof claims.tenant_id === 'string' ? claims.tenant_id : undefined,
    roles,
  };
}

/** What the console shows a role; the API refuses the rest anyway. */
export interface Access {
  /** Reads the tenant's data: admins and staff of a tenant. */
  canRead: boolean;
  /** Writes: prices, rules, adjustments, settings. */
  canAdmin: boolean;
  /** The platform operator's console (tenants, suppliers, billing, jobs): a platform operator, who has no tenant. */
  canOperate?: boolean;
  /** The audit log: a tenant admin reads the tenant's, the operator the platform's own. */
  canAudit?: boolean;
}

export function accessOf(session: Session | undefined): Access {
  const tenant = Boolean(session?.tenantId);
  const admin = tenant && Boolean(session?.roles.includes(ROLES.admin));
  const operator = Boolean(session?.roles.includes(ROLES.operator));
  return { canRead: admin || (tenant && Boolean(session?.roles.includes(ROLES.staff))), canAdmin: admin, canOperate: operator, canAudit: admin || operator };
}
