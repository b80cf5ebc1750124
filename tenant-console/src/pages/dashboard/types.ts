/** The platform's dashboard (GET /api/v1/insights/dashboard), as the console reads it. */
export interface DashboardDay {
  day: string;
  issued: number;
  redeemed: number;
  expired: number;
  issuedFen: number;
  redeemedFen: number;
  expiredFen: number;
}

export interface TopItem {
  item: string;
  title: string;
  orders: number;
  quantity: number;
  points: number;
  cashFen: number;
}

export interface Dashboard {
  from: string;
  to: string;
  currency: string;
  totals: {
    issued: number;
    redeemed: number;
    expired: number;
    outstanding: number;
    issuedFen: number;
    redeemedFen: number;
    expiredFen: number;
    outstandingFen: number;
  };
  daily: DashboardDay[];
  membersByTier: Record<string, number>;
  membersBySegment: Record<string, number>;
  topItems: TopItem[];
}
