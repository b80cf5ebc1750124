import { PageContainer, StatisticCard } from '@ant-design/pro-components';
import { Alert, Card, Col, Row, Segmented, Table } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import type { CursorPage, Item, PageView, RuleVersion } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatPoints } from '../format';
import DailyChart from './DailyChart';
import ShareList from './ShareList';
import type { Dashboard, TopItem } from './types';

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

const PERIODS = [7, 30, 90];

/** The programme at a glance: members and the mall now, and the points and redemptions of the last days (the platform's insights). */
export default function DashboardPage() {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
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
  const insights = useLoad<Dashboard>(() => api<Dashboard>('/api/v1/insights/dashboard', { query: { days } }), [days]);
  const f = figures.data;
  const d = insights.data;
  const error = figures.error ?? insights.error;
  return (
    <PageContainer
      extra={
        <Segmented<number>
          aria-label={t('dashboard.period')}
          value={days}
          onChange={setDays}
          options={PERIODS.map((n) => ({ value: n, label: t('dashboard.days', { n }) }))}
        />
      }
    >
      {error !== undefined && <Alert type="error" showIcon title={(error as Error).message} style={{ marginBottom: 16 }} />}
      <StatisticCard.Group direction="row" loading={figures.loading}>
        <StatisticCard statistic={{ title: t('dashboard.members'), value: f?.members ?? 0 }} />
        <StatisticCard statistic={{ title: t('dashboard.frozen'), value: f?.frozen ?? 0 }} />
        <StatisticCard statistic={{ title: t('dashboard.items'), value: f?.onSale ?? '–' }} />
        <StatisticCard statistic={{ title: t('dashboard.lowStock'), value: f?.lowStock ?? '–' }} />
        <StatisticCard statistic={{ title: t('dashboard.ruleVersion'), value: f?.ruleVersion ?? '–' }} />
      </StatisticCard.Group>
      <StatisticCard.Group direction="row" loading={insights.loading} style={{ marginTop: 16 }}>
        <StatisticCard statistic={{ title: t('dashboard.issued'), value: formatPoints(d?.totals.issued), description: formatFen(d?.totals.issuedFen) }} />
        <StatisticCard
          statistic={{ title: t('dashboard.redeemed'), value: formatPoints(d?.totals.redeemed), description: formatFen(d?.totals.redeemedFen) }}
        />
        <StatisticCard statistic={{ title: t('dashboard.expired'), value: formatPoints(d?.totals.expired), description: formatFen(d?.totals.expiredFen) }} />
        <StatisticCard
          statistic={{ title: t('dashboard.outstanding'), value: formatPoints(d?.totals.outstanding), description: formatFen(d?.totals.outstandingFen) }}
        />
      </StatisticCard.Group>
      <Card title={t('dashboard.daily')} style={{ marginTop: 16 }} loading={insights.loading}>
        {d && (
          <DailyChart
            days={d.daily}
            label={t('dashboard.dailyLabel', { from: d.from, to: d.to, issued: d.totals.issued, redeemed: d.totals.redeemed, expired: d.totals.expired })}
            series={[
              { key: 'issued', label: t('dashboard.issued') },
              { key: 'redeemed', label: t('dashboard.redeemed') },
              { key: 'expired', label: t('dashboard.expired') },
            ]}
          />
        )}
      </Card>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <Card title={t('dashboard.byTier')} loading={insights.loading}>
            {d && <ShareList counts={d.membersByTier} labelOf={(k) => (k === '' ? t('dashboard.noTier') : k)} empty={t('dashboard.none')} />}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('dashboard.bySegment')} loading={insights.loading}>
            {d && <ShareList counts={d.membersBySegment} labelOf={(k) => k} empty={t('dashboard.noSegments')} />}
          </Card>
        </Col>
      </Row>
      <Card title={t('dashboard.topItems')} style={{ marginTop: 16 }}>
        <Table<TopItem>
          rowKey="item"
          size="small"
          loading={insights.loading}
          dataSource={d?.topItems ?? []}
          pagination={false}
          columns={[
            { title: t('dashboard.item'), dataIndex: 'title' },
            { title: t('dashboard.orders'), dataIndex: 'orders', align: 'right' },
            { title: t('dashboard.quantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('dashboard.points'), dataIndex: 'points', align: 'right', render: (v: number) => formatPoints(v) },
            { title: t('dashboard.cash'), dataIndex: 'cashFen', align: 'right', render: (v: number) => formatFen(v) },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
