import { PageContainer } from '@ant-design/pro-components';
import { App as AntApp, Button, Card, Drawer, InputNumber, Popover, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';

import { api, idempotencyKey } from '../../api/client';
import type { CursorPage, Item } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen } from '../format';
import { ItemForm } from './ItemForm';

// Its own chunk, loaded when an e-voucher's codes are opened: its upload and line table stay out of the list's first load.
const ItemCodes = lazy(() => import('./ItemCodes').then((module) => ({ default: module.ItemCodes })));

/** The brand's own items: listed by staff, created, changed and restocked by admins. */
export default function ItemsPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<Item | 'new' | undefined>();
  const [codesOf, setCodesOf] = useState<Item | undefined>();
  const [round, setRound] = useState(0);
  const [delta, setDelta] = useState<number | null>(null);

  const changeStock = async (item: Item) => {
    if (!delta) {
      return;
    }
    try {
      await api(`/api/v1/mall/items/${item.id}/stock-changes`, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey() }, body: { delta } });
      setDelta(null);
      setRound((r) => r + 1);
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer
      extra={access.canAdmin ? <Button type="primary" onClick={() => setEditing('new')}>{t('items.new')}</Button> : undefined}
    >
      <CursorTable<Item>
        key={round}
        rowKey="id"
        load={(after) => api<CursorPage<Item>>('/api/v1/mall/items', { query: { after, size: 50 } })}
        columns={[
          { title: t('items.title'), dataIndex: 'title' },
          // The id is what flash sales and zones (item:<id>) name.
          { title: 'ID', dataIndex: 'id', render: (id: string) => <Typography.Text copyable={{ text: id }}>{id.slice(0, 8)}</Typography.Text> },
          { title: t('items.kind'), dataIndex: 'kind' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`items.status.${s}` as never)}</Tag> },
          { title: t('items.price'), dataIndex: 'priceFen', render: (fen: number) => formatFen(fen) },
          {
            title: t('items.stock'),
            dataIndex: 'stock',
            render: (stock: number, item) => <span style={{ color: item.lowStock ? '#cf1322' : undefined }}>{stock}</span>,
          },
          ...(access.canAdmin
            ? [
                {
                  title: t('common.actions'),
                  render: (_: unknown, item: Item) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(item)}>{t('common.edit')}</Button>
                      {item.kind === 'VOUCHER_CODE' && <Button size="small" onClick={() => setCodesOf(item)}>{t('codes.title')}</Button>}
                      <Popover
                        trigger="click"
                        title={t('items.stockChange')}
                        content={
                          <Space>
                            <InputNumber precision={0} placeholder={t('items.stockDelta')} value={delta} onChange={setDelta} />
                            <Button type="primary" onClick={() => void changeStock(item)}>{t('common.save')}</Button>
                          </Space>
                        }
                      >
                        <Button size="small">{t('items.stockChange')}</Button>
                      </Popover>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer open={Boolean(editing)} size="large" title={editing === 'new' ? t('items.new') : t('common.edit')} onClose={() => setEditing(undefined)} destroyOnHidden>
        {editing && (
          <ItemForm
            item={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              message.success(t('common.saved'));
              setRound((r) => r + 1);
            }}
          />
        )}
      </Drawer>
      <Drawer open={Boolean(codesOf)} size="large" title={`${t('codes.title')} · ${codesOf?.title ?? ''}`} onClose={() => setCodesOf(undefined)} destroyOnHidden>
        {/* The stock follows the codes: the list shows the new stock once an upload is in. */}
        {codesOf && (
          <Suspense fallback={<Card size="small" loading />}>
            <ItemCodes item={codesOf} onUploaded={() => setRound((r) => r + 1)} />
          </Suspense>
        )}
      </Drawer>
    </PageContainer>
  );
}
