import { Table, Typography } from 'antd';

import { useI18n } from '../../i18n/I18nContext';
import { diffOf, shown } from './diff';
import type { AuditEvent } from './types';

/** The fields an event changed, before and after; a write recorded without state says so. */
export function AuditDiff({ event }: { event: AuditEvent }) {
  const { t } = useI18n();
  if ((event.before === null || event.before === undefined) && (event.after === null || event.after === undefined)) {
    return <Typography.Text type="secondary">{t('audit.noState')}</Typography.Text>;
  }
  const changes = diffOf(event.before, event.after);
  return (
    <Table
      rowKey="path"
      size="small"
      pagination={false}
      dataSource={changes}
      locale={{ emptyText: t('audit.unchanged') }}
      columns={[
        { title: t('audit.field'), dataIndex: 'path', render: (path: string) => <Typography.Text code>{path}</Typography.Text> },
        { title: t('audit.before'), key: 'before', render: (_, change) => <Typography.Text delete={'before' in change}>{shown(change.before)}</Typography.Text> },
        { title: t('audit.after'), key: 'after', render: (_, change) => <Typography.Text strong={'after' in change}>{shown(change.after)}</Typography.Text> },
      ]}
    />
  );
}
