/** An admin change as GET /api/v1/audit-events answers it (module audit, AuditLog.AuditEvent). */
export interface AuditEvent {
  id: string;
  occurredAt: string;
  actor: { subject?: string | null; clientId?: string | null; roles: string[] };
  method: string;
  path: string;
  pathIds: Record<string, string>;
  resource: { type: string; id?: string | null };
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

export interface AuditFilter {
  actor?: string;
  resource?: string;
  from?: string;
  to?: string;
}
