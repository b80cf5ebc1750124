import { PageContainer, StatisticCard } from '@ant-design/pro-components';
import { Alert } from 'antd';

import { api } from '../../api/client';
import type { CursorPage, Item, PageView, RuleVersion } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';

interface Figures {
  members: number;
  frozen: number;
  onSale: string;
  lowStock: string;
  ruleVersion: string;
}

/** Counts a cursor listing up to one page of 500; beyond that it says "500+". */
function countOf<T>(page: CursorPage<T>): string {
  return page.next ? `${page.items.length}+` : String(page.items.length);
}

/** The figures the API gives today; what a full dashboard needs and the API lacks is said on the page. */
export default function DashboardPage() {
  const { t } = useI18n();
  const figures = useLoad<Figures>(async () => {
    const [members, frozen, onSale, lowStock, versions] = await Promise.all([
      api<PageView<unknown>>('/api/v1/members', { query: { size: 1 } }),
      api<PageView<unknown>>('/api/v1/members', { query: { size: 1, status: 'FROZEN' } }),
      api<CursorPage<Item>>('/api/v1/mall/items', { query: { status: 'ON_SALE', size: 500 } }),
      api<CursorPage<unknown>>('/api/v1/mall/low-stock-alerts', { query: { size: 500 } }),
      api<CursorPage<RuleVersion>>('/api/v1/earning/rule-versions', { query: { size: 50 } }),
    ]);
    const published = versions.items.find((v) => v.state === 'PUBLISHED');
    return {
      members: members.totalItems,
      frozen: frozen.totalItems,
      onSale: countOf(onSale),
      lowStock: countOf(lowStock),
      ruleVersion: published ? `v${published.version}` : '–',
    };
  }, []);
  const f = figures.data;
  return (
    <PageContainer>
      {figures.error !== undefined && <Alert type="error" showIcon title={(figures.error as Error).message} style={{ marginBottom: 16 }} />}
      <StatisticCard.Group direction="row" loading={figures.loading}>
        <StatisticCard statistic={{ title: t('dashboard.members'), value: f?.members ?? 0 }} />
        <StatisticCard statistic={{ title: t('dashboard.frozen'), value: f?.frozen ?? 0 }} />
        <StatisticCard statistic={{ title: t('dashboard.items'), value: f?.onSale ?? '–' }} />
        <StatisticCard statistic={{ title: t('dashboard.lowStock'), value: f?.lowStock ?? '–' }} />
        <StatisticCard statistic={{ title: t('dashboard.ruleVersion'), value: f?.ruleVersion ?? '–' }} />
      </StatisticCard.Group>
      <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('dashboard.missing')} />
    </PageContainer>
  );
}
