import {
  AccountBookOutlined, ApartmentOutlined, AppstoreOutlined, AuditOutlined, CloudSyncOutlined, DashboardOutlined, ReconciliationOutlined, ScheduleOutlined,
  SettingOutlined, ShopOutlined, TeamOutlined, ThunderboltOutlined, TrophyOutlined, UploadOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type LazyExoticComponent, type ReactNode } from 'react';

import type { Access } from './auth/claims';
import type { MessageKey } from './i18n/messages';

/** A page of the console: its path under /console, its menu entry, who may see it, and its code (loaded when first opened). */
export interface ConsoleRoute {
  path: string;
  name?: MessageKey;
  icon?: ReactNode;
  /** Left out of the menu (a detail page). */
  hidden?: boolean;
  access: keyof Access;
  page?: LazyExoticComponent<ComponentType>;
  children?: ConsoleRoute[];
}

export const routes: ConsoleRoute[] = [
  { path: '/dashboard', name: 'menu.dashboard', icon: <DashboardOutlined />, access: 'canRead', page: lazy(() => import('./pages/dashboard/DashboardPage')) },
  { path: '/members', name: 'menu.members', icon: <TeamOutlined />, access: 'canRead', page: lazy(() => import('./pages/members/MembersPage')) },
  { path: '/members/:memberId', hidden: true, access: 'canRead', page: lazy(() => import('./pages/members/MemberDetailPage')) },
  {
    path: '/mall',
    name: 'menu.mall',
    icon: <ShopOutlined />,
    access: 'canRead',
    children: [
      { path: '/mall/items', name: 'menu.mall.items', icon: <AppstoreOutlined />, access: 'canRead', page: lazy(() => import('./pages/mall/ItemsPage')) },
      { path: '/mall/catalog', name: 'menu.mall.catalog', access: 'canRead', page: lazy(() => import('./pages/mall/CatalogPage')) },
      { path: '/mall/zones', name: 'menu.mall.zones', access: 'canRead', page: lazy(() => import('./pages/mall/ZonesPage')) },
      { path: '/mall/flash-sales', name: 'menu.mall.flashSales', access: 'canRead', page: lazy(() => import('./pages/mall/FlashSalesPage')) },
      { path: '/mall/orders', name: 'menu.mall.orders', access: 'canRead', page: lazy(() => import('./pages/mall/OrdersPage')) },
    ],
  },
  { path: '/earning/rules', name: 'menu.earning', icon: <ThunderboltOutlined />, access: 'canRead', page: lazy(() => import('./pages/earning/RuleVersionsPage')) },
  { path: '/earning/rules/:versionId', hidden: true, access: 'canRead', page: lazy(() => import('./pages/earning/RuleVersionPage')) },
  {
    path: '/programme',
    name: 'menu.programme',
    icon: <TrophyOutlined />,
    access: 'canRead',
    children: [
      { path: '/programme/point-types', name: 'menu.earning.pointTypes', access: 'canRead', page: lazy(() => import('./pages/earning/PointTypesPage')) },
      { path: '/programme/budgets', name: 'menu.earning.budgets', access: 'canRead', page: lazy(() => import('./pages/earning/BudgetsPage')) },
      { path: '/programme/dealer-targets', name: 'menu.earning.dealerTargets', access: 'canAdmin', page: lazy(() => import('./pages/earning/DealerTargetsPage')) },
      { path: '/programme/leaderboard', name: 'menu.earning.leaderboard', access: 'canRead', page: lazy(() => import('./pages/earning/LeaderboardPage')) },
    ],
  },
  { path: '/member-imports', name: 'menu.members.imports', icon: <UploadOutlined />, access: 'canRead', page: lazy(() => import('./pages/members/MemberImportPage')) },
  { path: '/settings', name: 'menu.settings', icon: <SettingOutlined />, access: 'canAdmin', page: lazy(() => import('./pages/settings/SettingsPage')) },
  { path: '/onboarding', hidden: true, access: 'canAdmin', page: lazy(() => import('./pages/onboarding/OnboardingPage')) },
  { path: '/billing', name: 'menu.billing', icon: <AccountBookOutlined />, access: 'canAdmin', page: lazy(() => import('./pages/billing/TenantBillingPage')) },
  // The platform operator's console: a different menu for a user with no tenant and the platform-operator role.
  { path: '/operator/tenants', name: 'menu.operator.tenants', icon: <ApartmentOutlined />, access: 'canOperate', page: lazy(() => import('./pages/operator/TenantsPage')) },
  { path: '/operator/suppliers', name: 'menu.operator.suppliers', icon: <CloudSyncOutlined />, access: 'canOperate', page: lazy(() => import('./pages/operator/SuppliersPage')) },
  { path: '/operator/settlements', name: 'menu.operator.settlements', icon: <ReconciliationOutlined />, access: 'canOperate', page: lazy(() => import('./pages/operator/SettlementsPage')) },
  { path: '/operator/jobs', name: 'menu.operator.jobs', icon: <ScheduleOutlined />, access: 'canOperate', page: lazy(() => import('./pages/operator/JobsPage')) },
  { path: '/operator/billing', name: 'menu.operator.billing', icon: <AccountBookOutlined />, access: 'canOperate', page: lazy(() => import('./pages/billing/OperatorBillingPage')) },
  { path: '/operator/billing/tenants/:tenantId', hidden: true, access: 'canOperate', page: lazy(() => import('./pages/billing/OperatorTenantBillingPage')) },
  { path: '/audit', name: 'menu.audit', icon: <AuditOutlined />, access: 'canAudit', page: lazy(() => import('./pages/audit/AuditLogPage')) },
];

/** Where "/" leads: a tenant's people to the dashboard, the platform operator to the tenants. */
export function homePath(access: Access): string {
  return access.canOperate && !access.canRead ? '/operator/tenants' : '/dashboard';
}

/** Every route with a page, children included. */
export function pages(all: ConsoleRoute[] = routes): ConsoleRoute[] {
  return all.flatMap((route) => [...(route.page ? [route] : []), ...pages(route.children ?? [])]);
}

/** The routes a user's access allows, for the menu. */
export function allowed(all: ConsoleRoute[], access: Access): ConsoleRoute[] {
  return all
    .filter((route) => access[route.access])
    .map((route) => (route.children ? { ...route, children: allowed(route.children, access) } : route));
}
