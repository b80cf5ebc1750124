/**
 * The platform's side of billing (module billing, which knows nothing of the platform): it meters the mall's completed
 * and refunded orders and the notifications posted to the brands' webhooks into billing, answers the monthly run's month statements from the ledger, and serves the
 * operator's billing API (/api/v1/operator/billing) and the tenant admin's (/api/v1/tenant/billing).
 */
package io.jifen.platform.billing;
