/**
 * The audit log: every admin change made through the API (who, when, what, the resource before and after), recorded
 * by the module that makes the change through {@link io.jifen.platform.audit.AuditTrail}, in the change's transaction;
 * writes no module records are still logged, without their state, once they succeed. Read by tenant admins and the
 * platform operator ({@code GET /api/v1/audit-events}). See docs/architecture.md, "Audit log".
 */
package io.jifen.platform.audit;
