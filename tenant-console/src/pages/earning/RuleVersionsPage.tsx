import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';

import { api } from '../../api/client';
import type { CursorPage, RuleVersion } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';

const STARTER = { rules: [{ id: 'base', name: '消费得积分', eventTypes: ['ORDER_PAID'], award: { kind: 'PER_YUAN', points: 1 } }] };

/** The rule versions, newest first; a new draft starts from the newest version (or a one-point-per-yuan rule). */
export default function RuleVersionsPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();

  const newDraft = async () => {
    try {
      const latest = await api<CursorPage<RuleVersion>>('/api/v1/earning/rule-versions', { query: { size: 1 } });
      const draft = await api<RuleVersion>('/api/v1/earning/rule-versions', {
        method: 'POST',
        body: { rules: latest.items[0]?.rules ?? STARTER, effectiveFrom: dayjs().add(1, 'day').startOf('day').toISOString() },
      });
      navigate(`/earning/rules/${draft.id}`);
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer extra={access.canAdmin ? <Button type="primary" onClick={() => void newDraft()}>{t('rules.new')}</Button> : undefined}>
      <CursorTable<RuleVersion>
        rowKey="id"
        load={(after) => api<CursorPage<RuleVersion>>('/api/v1/earning/rule-versions', { query: { after, size: 20 } })}
        columns={[
          { title: t('rules.version'), dataIndex: 'version', render: (v: number, version) => <Link to={`/earning/rules/${version.id}`}>v{v}</Link> },
          { title: t('rules.state'), dataIndex: 'state', render: (state: string) => <Tag color={state === 'PUBLISHED' ? 'green' : undefined}>{state}</Tag> },
          { title: t('rules.effectiveFrom'), dataIndex: 'effectiveFrom', render: (v: string) => formatTime(v) },
          { title: t('rules.note'), dataIndex: 'note' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
        ]}
      />
    </PageContainer>
  );
}
