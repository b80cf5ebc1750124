/** The operator API's answers as the console reads them (the platform's records; see /v3/api-docs). */

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  status: 'ACTIVE' | 'SUSPENDED' | string;
  timeZone: string;
  currency: string;
  locale: string;
  logoUrl?: string | null;
  createdAt: string;
}

/** A catalog sync run (hub CatalogSyncs.Run): SKUs read and written. */
export interface SyncRun {
  executionId: number;
  supplier: string;
  job: string;
  status: string;
  read: number;
  written: number;
  startedAt: string;
  endedAt: string;
}

export interface Settlement {
  id: number;
  supplier: string;
  month: string;
  startedAt: string;
  completedAt?: string | null;
  matched?: number | null;
  priceMismatches?: number | null;
  stateMismatches?: number | null;
  duplicates?: number | null;
  missingAtSupplier?: number | null;
  missingAtHub?: number | null;
  supplierTotalFen?: number | null;
  hubTotalFen?: number | null;
  costs: { tenantId: string; orders: number; costFen: number }[];
}

export interface SettlementItem {
  orderNo: string;
  supplierOrderId?: string | null;
  tenantId?: string | null;
  outcome: string;
  hubTotalFen?: number | null;
  supplierTotalFen?: number | null;
}

export const OUTCOMES = ['MATCHED', 'PRICE_MISMATCH', 'STATE_MISMATCH', 'DUPLICATE', 'MISSING_AT_SUPPLIER', 'MISSING_AT_HUB'] as const;

export interface IncompletePublication {
  id: string;
  listener: string;
  eventType: string;
  publishedAt: string;
  status?: string | null;
  attempts: number;
  lastResubmittedAt?: string | null;
  event: string;
}

/** A run of one of the ledger's jobs (points expiry, expiry reminders, reconciliation). */
export interface LedgerJobRun {
  executionId: number;
  status: string;
  exitCode: string;
  read: number;
  written: number;
  lotsExpired: number;
  asOf: string;
  startedAt: string;
  endedAt: string;
}
