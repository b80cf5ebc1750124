import { Alert, Button, Card, Space, Statistic, Upload } from 'antd';
import { useState } from 'react';

import { api, ApiProblem, idempotencyKey } from '../../api/client';
import type { Item } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { LineProblems } from '../members/MemberImportPage';

/** An item's codes by state (mall.CodeUploads.Summary); never the codes themselves. */
export interface CodeSummary {
  itemId: string;
  total: number;
  assigned: number;
  available: number;
  expired: number;
}

/** An accepted upload (mall.CodeUploads.Upload): how many codes it added and the item's stock after it. */
export interface CodeUpload {
  id: string;
  itemId: string;
  codes: number;
  stock: number;
  at: string;
}

/**
 * The codes of an e-voucher item (VOUCHER_CODE): their counts, and a CSV file of new ones (UTF-8, one code a line,
 * optionally `,valid_until`) sent as it is. The server stores all of a file or none: a refusal names each bad line
 * (empty, too long, a past date, a code twice in the file, a code uploaded before) and never quotes a code; neither
 * does this page, which shows no code at all.
 */
export function ItemCodes({ item, onUploaded }: { item: Pick<Item, 'id' | 'title'>; onUploaded?: (upload: CodeUpload) => void }) {
  const { t } = useI18n();
  const summary = useLoad(() => api<CodeSummary>(`/api/v1/mall/items/${item.id}/codes/summary`), [item.id]);
  // One key per chosen file: a retry of the same file (a lost answer) is the same upload, answered again, not stored twice.
  const [file, setFile] = useState<{ file: File; key: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<CodeUpload | undefined>();
  const [refusal, setRefusal] = useState<Error | undefined>();

  const upload = async () => {
    if (!file) {
      return;
    }
    setBusy(true);
    setAccepted(undefined);
    setRefusal(undefined);
    try {
      const done = await api<CodeUpload>(`/api/v1/mall/items/${item.id}/codes`, {
        method: 'POST',
        csv: file.file,
        headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Idempotency-Key': file.key },
      });
      setAccepted(done);
      summary.reload();
      onUploaded?.(done);
    } catch (error) {
      setRefusal(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const counts = summary.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('codes.counts')} loading={summary.loading && !counts}>
        {summary.error ? (
          <Alert type="error" showIcon title={(summary.error as Error).message} />
        ) : (
          <Space size="large" wrap data-testid="code-counts">
            <Statistic title={t('codes.available')} value={counts?.available ?? 0} />
            <Statistic title={t('codes.assigned')} value={counts?.assigned ?? 0} />
            <Statistic title={t('codes.expired')} value={counts?.expired ?? 0} />
            <Statistic title={t('codes.total')} value={counts?.total ?? 0} />
          </Space>
        )}
      </Card>
      <Alert type="info" showIcon title={t('codes.format')} />
      <Upload
        accept=".csv,.txt,text/csv,text/plain"
        maxCount={1}
        beforeUpload={(chosen) => {
          setFile({ file: chosen, key: idempotencyKey() });
          setAccepted(undefined);
          setRefusal(undefined);
          return false;
        }}
        onRemove={() => setFile(undefined)}
      >
        <Button>{t('import.choose')}</Button>
      </Upload>
      <Button type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>{t('codes.upload')}</Button>
      {accepted && (
        <Alert type="success" showIcon data-testid="code-upload-accepted"
          title={t('codes.accepted', { codes: accepted.codes, stock: accepted.stock })} />
      )}
      {refusal && (
        <Alert type="error" showIcon
          title={refusal instanceof ApiProblem && refusal.status === 409 ? t('codes.duplicates') : t('codes.refused')}
          description={refusal.message} />
      )}
      {refusal instanceof ApiProblem && refusal.errors.length > 0 && <LineProblems problems={refusal.errors} />}
    </Space>
  );
}
