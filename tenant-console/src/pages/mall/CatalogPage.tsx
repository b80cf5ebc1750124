import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, Checkbox, Image, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';

import { api, ApiProblem } from '../../api/client';
import type { CatalogHit, CatalogPage as Page } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen } from '../format';

interface Filters {
  q?: string;
  supplier?: string;
  category?: string;
  deliveryKind?: string;
  inStock: boolean;
  selected: boolean;
  page: number;
}

/** A facet's values as select options: "9987:手机通讯" shows as 手机通讯 (count). */
function facetOptions(page: Page | undefined, facet: string) {
  return (page?.facets[facet] ?? []).map((bucket) => ({
    value: bucket.key,
    label: `${bucket.key.includes(':') ? bucket.key.slice(bucket.key.indexOf(':') + 1) : bucket.key} (${bucket.count})`,
  }));
}

/** The hub's shared catalog (no other brand's prices): search with facets, then put a SKU in the mall at a points price. */
export default function CatalogPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const [filters, setFilters] = useState<Filters>({ inStock: false, selected: false, page: 0 });
  const [prices, setPrices] = useState<Record<string, number | null>>({});
  // What this page saved: the search index follows a selection within seconds, the page at once.
  const [saved, setSaved] = useState<Record<string, boolean>>({});
  const result = useLoad(
    () => api<Page>('/api/v1/catalog/search', { query: { ...filters, size: 20 } }),
    [JSON.stringify(filters)],
  );
  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, page: 0, ...change }));

  const select = async (hit: CatalogHit) => {
    const key = `${hit.supplierId}/${hit.skuId}`;
    try {
      await api(`/api/v1/catalog/selections/${encodeURIComponent(hit.supplierId)}/${encodeURIComponent(hit.skuId)}`, {
        method: 'PUT',
        body: { pointsPrice: prices[key] ?? hit.pointsPrice ?? null },
      });
      message.success(t('common.saved'));
      setSaved((current) => ({ ...current, [key]: true }));
      result.reload();
    } catch (error) {
      message.error(error instanceof ApiProblem && error.errors.length > 0 ? error.errors.map((e) => e.message).join('; ') : (error as Error).message);
    }
  };
  const remove = async (hit: CatalogHit) => {
    const key = `${hit.supplierId}/${hit.skuId}`;
    try {
      await api(`/api/v1/catalog/selections/${encodeURIComponent(hit.supplierId)}/${encodeURIComponent(hit.skuId)}`, { method: 'DELETE' });
      setSaved((current) => ({ ...current, [key]: false }));
      result.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  const unavailable = result.error instanceof ApiProblem && result.error.status === 503;
  return (
    <PageContainer>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input.Search placeholder={t('catalog.query')} allowClear style={{ width: 320 }} onSearch={(q) => set({ q })} />
          <Select allowClear placeholder={t('catalog.supplier')} style={{ width: 180 }} options={facetOptions(result.data, 'supplier')} value={filters.supplier} onChange={(supplier) => set({ supplier })} />
          <Select allowClear placeholder={t('catalog.category')} style={{ width: 220 }} options={facetOptions(result.data, 'category')} value={filters.category} onChange={(category) => set({ category })} />
          <Select allowClear placeholder="deliveryKind" style={{ width: 180 }} options={facetOptions(result.data, 'deliveryKind')} value={filters.deliveryKind} onChange={(deliveryKind) => set({ deliveryKind })} />
          <Checkbox checked={filters.inStock} onChange={(e) => set({ inStock: e.target.checked })}>{t('catalog.inStock')}</Checkbox>
          <Checkbox checked={filters.selected} onChange={(e) => set({ selected: e.target.checked })}>{t('catalog.onlySelected')}</Checkbox>
        </Space>
      </Card>
      {unavailable && <Alert type="warning" showIcon title={t('catalog.unavailable')} style={{ marginBottom: 16 }} />}
      {result.error !== undefined && !unavailable && <Alert type="error" showIcon title={(result.error as Error).message} style={{ marginBottom: 16 }} />}
      <Table<CatalogHit>
        rowKey={(hit) => `${hit.supplierId}/${hit.skuId}`}
        loading={result.loading}
        dataSource={result.data?.hits ?? []}
        pagination={{ current: filters.page + 1, pageSize: 20, total: Math.min(result.data?.total ?? 0, 10_000), showSizeChanger: false, onChange: (page) => setFilters((f) => ({ ...f, page: page - 1 })) }}
        columns={[
          { title: '', dataIndex: 'image', width: 64, render: (src?: string | null) => (src ? <Image src={src} width={48} height={48} preview={false} /> : null) },
          { title: t('items.title'), dataIndex: 'title', render: (title: string, hit) => <Space direction="vertical" size={0}><span>{title}</span><span style={{ color: '#888' }}>{hit.brand} · {hit.supplierId}</span></Space> },
          { title: t('catalog.market'), dataIndex: 'marketFen', render: (fen?: number | null) => formatFen(fen) },
          { title: t('items.stock'), dataIndex: 'inStock', render: (inStock: boolean) => (inStock ? <Tag color="green">✓</Tag> : <Tag>✗</Tag>) },
          {
            title: t('catalog.pointsPrice'),
            render: (_, hit) => {
              const key = `${hit.supplierId}/${hit.skuId}`;
              return access.canAdmin ? (
                <Space>
                  <InputNumber min={1} precision={0} value={prices[key] ?? hit.pointsPrice ?? null} onChange={(value) => setPrices((p) => ({ ...p, [key]: value }))} />
                  <Button type="primary" size="small" onClick={() => void select(hit)}>{t('catalog.select')}</Button>
                  {(saved[key] ?? Boolean(hit.pointsPrice)) ? <Button size="small" danger onClick={() => void remove(hit)}>{t('catalog.remove')}</Button> : null}
                </Space>
              ) : (
                hit.pointsPrice ?? '–'
              );
            },
          },
        ]}
      />
    </PageContainer>
  );
}
