import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Card, Descriptions, Modal, Popconfirm, Result, Space, Statistic, Tabs, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';

import { api } from '../../api/client';
import type { Balance, CursorPage, Lot, Member, MemberTier, Receipt } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';
import { formatPoints, formatTime } from '../format';
import { AdjustPointsForm } from './AdjustPointsForm';
import { CursorTable } from '../../components/CursorTable';

/** One member: profile, balance, tier with its history, lots and statement; admins adjust points and freeze. */
export default function MemberDetailPage() {
  const { memberId = '' } = useParams();
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const [adjusting, setAdjusting] = useState(false);
  const [round, setRound] = useState(0);
  const member = useLoad(() => api<Member>(`/api/v1/members/${memberId}`), [memberId, round]);
  const balance = useLoad(() => api<Balance>(`/api/v1/members/${memberId}/points/balance`), [memberId, round]);
  const tier = useLoad(() => api<MemberTier>(`/api/v1/members/${memberId}/tier`), [memberId, round]);

  if (member.error) {
    return <Result status="404" title={(member.error as Error).message} />;
  }
  const m = member.data;
  const setStatus = async (status: 'ACTIVE' | 'FROZEN') => {
    try {
      await api<Member>(`/api/v1/members/${memberId}`, { method: 'PATCH', body: { status } });
      setRound((r) => r + 1);
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer
      loading={member.loading}
      title={m ? m.displayName || m.externalId : undefined}
      tags={m ? <Tag color={m.status === 'ACTIVE' ? 'green' : 'red'}>{t(`status.${m.status}` as never)}</Tag> : undefined}
      extra={
        access.canAdmin && m ? (
          <Space>
            <Button type="primary" onClick={() => setAdjusting(true)}>
              {t('members.adjust')}
            </Button>
            {m.status === 'FROZEN' ? (
              <Button onClick={() => setStatus('ACTIVE')}>{t('members.unfreeze')}</Button>
            ) : (
              m.status === 'ACTIVE' && (
                <Popconfirm title={t('members.freeze.confirm')} onConfirm={() => setStatus('FROZEN')}>
                  <Button danger>{t('members.freeze')}</Button>
                </Popconfirm>
              )
            )}
          </Space>
        ) : undefined
      }
    >
      {m && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions column={3} size="small">
            <Descriptions.Item label={t('members.externalId')}>{m.externalId}</Descriptions.Item>
            <Descriptions.Item label={t('members.audience')}>{t(`audience.${m.audience}` as never)}</Descriptions.Item>
            <Descriptions.Item label={t('members.mobile')}>{m.mobile ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('members.email')}>{m.email ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('members.region')}>{m.region ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('members.tier')}>{tier.data?.name ?? tier.data?.code ?? '–'}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t('members.balance')} style={{ marginBottom: 16 }} loading={balance.loading}>
        <Space size={48} wrap>
          <Statistic title={t('members.available')} value={balance.data?.available ?? 0} />
          <Statistic title={t('members.pending')} value={balance.data?.pending ?? 0} />
          <Statistic title={t('members.expiring')} value={balance.data?.expiringWithin30Days ?? 0} />
          <Statistic title={t('members.held')} value={balance.data?.held ?? 0} />
          <Statistic title={t('members.owed')} value={balance.data?.owed ?? 0} />
        </Space>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'statement',
              label: t('members.statement'),
              children: (
                <CursorTable<Receipt>
                  key={`statement-${round}`}
                  rowKey="transactionId"
                  load={(after) => api<CursorPage<Receipt>>(`/api/v1/members/${memberId}/points/statement`, { query: { after, size: 20 } })}
                  columns={[
                    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
                    { title: t('members.receipt.kind'), dataIndex: 'kind' },
                    { title: t('common.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
                    { title: t('members.receipt.balanceAfter'), dataIndex: 'balanceAfter', render: (v: number) => formatPoints(v) },
                    { title: t('members.receipt.reason'), dataIndex: 'reason', render: (v: string | null, r) => v ?? r.source ?? '' },
                  ]}
                />
              ),
            },
            {
              key: 'lots',
              label: t('members.lots'),
              children: (
                <CursorTable<Lot>
                  key={`lots-${round}`}
                  rowKey="id"
                  load={(after) => api<CursorPage<Lot>>(`/api/v1/members/${memberId}/points/lots`, { query: { after, size: 20 } })}
                  columns={[
                    { title: t('common.createdAt'), dataIndex: 'earnedAt', render: (v: string) => formatTime(v) },
                    { title: t('members.lot.original'), dataIndex: 'original', render: (v: number) => formatPoints(v) },
                    { title: t('members.lot.remaining'), dataIndex: 'remaining', render: (v: number) => formatPoints(v) },
                    { title: t('members.lot.availableAt'), dataIndex: 'availableAt', render: (v: string) => formatTime(v) },
                    { title: t('members.lot.expiresAt'), dataIndex: 'expiresAt', render: (v: string) => formatTime(v) },
                  ]}
                />
              ),
            },
            {
              key: 'tier',
              label: t('members.tierHistory'),
              children: (
                <Timeline
                  items={(tier.data?.history ?? []).map((change) => ({
                    content: `${formatTime(change.at)} · ${change.from ?? '–'} → ${change.to} (${change.score}) ${change.reason}`,
                  }))}
                />
              ),
            },
          ]}
        />
      </Card>
      <Modal open={adjusting} title={t('members.adjust')} footer={null} onCancel={() => setAdjusting(false)} destroyOnHidden>
        <AdjustPointsForm
          memberId={memberId}
          onCancel={() => setAdjusting(false)}
          onDone={(receipt) => {
            setAdjusting(false);
            message.success(t('members.adjust.done', { balance: formatPoints(receipt.balanceAfter) }));
            setRound((r) => r + 1);
          }}
        />
      </Modal>
    </PageContainer>
  );
}

