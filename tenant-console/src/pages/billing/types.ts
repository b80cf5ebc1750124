/** Billing's records (module billing) as the operator's and the tenant's billing API answer them. */

export interface Plan {
  code: string;
  version: number;
  name: string;
  baseFeeFen: number;
  includedMembers: number;
  overageFenPerMember: number;
  serviceFeeBp: number;
  goodsMarginBp: number;
  notificationFen: number;
  taxBp: number;
  createdAt: string;
}

export interface Subscription {
  id: string;
  tenantId: string;
  planCode: string;
  planVersion: number;
  startsOn: string;
  endsOn?: string | null;
  trialEndsOn?: string | null;
}

export interface InvoiceLine {
  lineNo: number;
  kind: string;
  adjustment: boolean;
  description: string;
  quantity: number;
  amountFen: number;
  taxFen: number;
}

export interface Invoice {
  id: string;
  tenantId: string;
  number: string;
  period: string;
  status: 'DRAFT' | 'FINALIZED';
  currency: string;
  subtotalFen: number;
  taxFen: number;
  totalFen: number;
  issuedAt: string;
  finalizeAfter: string;
  finalizedAt?: string | null;
  lines: InvoiceLine[];
  /** The invoice's hosted page (payment), once the platform offers one; shown when present. */
  hostedInvoiceUrl?: string | null;
}

export interface CreditNote {
  id: string;
  tenantId: string;
  number: string;
  invoiceId: string;
  amountFen: number;
  taxFen: number;
  reason: string;
  createdAt: string;
}

export interface BillingRun {
  executionId: number;
  period: string;
  status: string;
  tenantsProcessed: number;
  failure?: string | null;
}
