import { PageContainer } from '@ant-design/pro-components';
import { Card, DatePicker, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { api } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatPoints } from '../format';

interface Ranked {
  rank: number;
  memberId: string;
  externalId: string;
  displayName?: string | null;
  points: number;
}

/** 销售达人榜: the sales guides who earned most in a month (this month in the tenant's time zone until one is chosen). */
export default function LeaderboardPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const wanted = month?.format('YYYY-MM');
  const board = useLoad(() => api<Ranked[]>('/api/v1/earning/leaderboards/sales-guides', { query: { month: wanted, size: 100 } }), [wanted]);
  return (
    <PageContainer>
      <Card extra={<DatePicker picker="month" value={month} onChange={setMonth} placeholder={t('leaderboard.thisMonth')} />}>
        <Table<Ranked>
          rowKey="memberId"
          size="small"
          pagination={false}
          loading={board.loading}
          dataSource={board.data ?? []}
          locale={board.error ? { emptyText: (board.error as Error).message } : undefined}
          columns={[
            { title: t('leaderboard.rank'), dataIndex: 'rank', width: 80 },
            { title: t('members.externalId'), dataIndex: 'externalId' },
            { title: t('members.name'), dataIndex: 'displayName', render: (v?: string | null) => v ?? '–' },
            { title: t('leaderboard.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
