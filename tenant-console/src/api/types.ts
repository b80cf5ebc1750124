/** The API's answers as the console reads them (the platform's records; see its OpenAPI document at /v3/api-docs). */

export interface PageView<T> {
  items: T[];
  page: number;
  size: number;
  totalItems: number;
  totalPages: number;
}

export interface CursorPage<T> {
  items: T[];
  next?: string | null;
}

export type MemberStatus = 'ACTIVE' | 'FROZEN' | 'BLACKLISTED';
export type Audience = 'CONSUMER' | 'EMPLOYEE' | 'DEALER' | 'SALES_GUIDE';

export interface Member {
  id: string;
  externalId: string;
  audience: Audience;
  status: MemberStatus;
  displayName?: string | null;
  mobile?: string | null;
  email?: string | null;
  birthday?: string | null;
  region?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Balance {
  memberId: string;
  pointType: string;
  available: number;
  pending: number;
  expiringWithin30Days: number;
  expired: number;
  held: number;
  owed: number;
  ledgerBalance: number;
}

export interface Lot {
  id: string;
  earnedBy: string;
  original: number;
  remaining: number;
  earnedAt: string;
  expiresAt?: string | null;
  availableAt?: string | null;
}

export interface Receipt {
  transactionId: string;
  kind: string;
  memberId: string;
  pointType: string;
  points: number;
  balanceAfter: number;
  source?: string | null;
  reason?: string | null;
  createdAt: string;
}

export interface MemberTier {
  code?: string | null;
  name?: string | null;
  score: number;
  since?: string | null;
  loanLimit?: number | null;
  history: { at: string; from?: string | null; to: string; score: number; reason: string }[];
}

export type ItemKind = 'PHYSICAL' | 'VIRTUAL' | 'VOUCHER_CODE' | 'SERVICE' | 'STORE_PICKUP';
export type ItemStatus = 'DRAFT' | 'ON_SALE' | 'OFF_SALE';
export type Payment = 'POINTS' | 'POINTS_AND_CASH' | 'CASH_WITH_POINTS';

export interface Item {
  id: string;
  kind: ItemKind;
  title: string;
  description?: string | null;
  images: string[];
  status: ItemStatus;
  pointType: string;
  payment: Payment;
  priceFen: number;
  cashFen: number;
  stock: number;
  lowStockThreshold: number;
  lowStock: boolean;
  limitPerMember?: number | null;
  limitPerMemberPerDay?: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogHit {
  supplierId: string;
  skuId: string;
  title: string;
  brand: string;
  categoryNames: string[];
  image?: string | null;
  deliveryKind: string;
  marketFen?: number | null;
  costFen?: number | null;
  inStock: boolean;
  listed: boolean;
  pointsPrice?: number | null;
}

export interface CatalogPage {
  total: number;
  hits: CatalogHit[];
  facets: Record<string, { key: string; count: number }[]>;
}

export interface RuleVersion {
  id: string;
  version: number;
  state: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  rules: RuleSet;
  note?: string | null;
  createdAt: string;
  createdBy?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
}

export interface Award {
  kind: string;
  points?: number | null;
  factor?: number | null;
  rounding?: string | null;
  [more: string]: unknown;
}

export interface Rule {
  id: string;
  name?: string | null;
  eventTypes: string[];
  award: Award;
  when?: { minAmountFen?: number | null; [more: string]: unknown } | null;
  [more: string]: unknown;
}

export interface RuleSet {
  rules: Rule[];
  [more: string]: unknown;
}

export interface Calculation {
  points: number;
  lines: { ruleId: string; kind: string; points: number; factor?: number | null }[];
  cappedBy?: string | null;
  risk?: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: string;
  timeZone: string;
  currency: string;
  locale: string;
  logoUrl?: string | null;
  /** The mall's colours, #RRGGBB; null: the mall's defaults. */
  primaryColor?: string | null;
  accentColor?: string | null;
  /** When an admin finished the onboarding wizard; null: the console opens it for the tenant's admins. */
  onboardedAt?: string | null;
  createdAt: string;
}

export interface ApiClient {
  id: string;
  clientId: string;
  name: string;
  createdAt: string;
  secretRotatedAt?: string | null;
  /** Only in the answer that made it (creation, rotation). */
  secret?: string | null;
}

export type OrderState = 'PLACED' | 'PAID' | 'FULFILLING' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | string;

export interface Order {
  id: string;
  orderNo: string;
  memberId: string;
  item: string;
  title: string;
  fulfilment: string;
  quantity: number;
  pointType: string;
  points: number;
  cashFen: number;
  orderFen: number;
  state: OrderState;
  tracking?: string | null;
  pointsRefunded: number;
  cashRefundedFen: number;
  quantityReturned: number;
  failure?: string | null;
  placedAt: string;
  paidAt?: string | null;
  closedAt?: string | null;
}

export interface OrderDetail {
  order: Order;
  steps: { at: string; state: string; text: string; actor?: string | null }[];
  refunds: { id: string; points: number; cashFen: number; quantity: number; restocked: boolean; reason: string; actor?: string | null; cashState: string; at: string }[];
}

export interface Zone {
  id: string;
  kind: 'NEW_MEMBERS' | 'EMPLOYEES' | 'DEALERS' | 'GUIDES' | 'TIERS' | 'SEGMENT' | 'FESTIVAL';
  title: string;
  status: 'ACTIVE' | 'INACTIVE';
  newMemberDays?: number | null;
  tierCodes?: string[] | null;
  segment?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  version: number;
  createdAt: string;
}

export interface FlashSale {
  id: string;
  itemId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  stock: number;
  sold: number;
  priceFen: number;
  createdAt: string;
}
