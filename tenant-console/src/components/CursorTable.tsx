import { Button, Table, type TableColumnsType, type TableProps } from 'antd';
import { useEffect, useState } from 'react';

import type { CursorPage } from '../api/types';
import { useI18n } from '../i18n/I18nContext';

interface Props<T> {
  rowKey: keyof T & string;
  columns: TableColumnsType<T>;
  load: (after?: string) => Promise<CursorPage<T>>;
  /** Rows that open to show more (an audit event's diff). */
  expandable?: TableProps<T>['expandable'];
}

/** A listing read by keyset (the API's `next` cursor): the first page, then more on request. A parent that wants it fresh gives it a new key. */
export function CursorTable<T extends object>({ rowKey, columns, load, expandable }: Props<T>) {
  const { t } = useI18n();
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | undefined>();

  const take = (after: string | undefined, page: Promise<CursorPage<T>>) =>
    page.then(
      (answer) => {
        setRows((current) => (after ? [...current, ...answer.items] : answer.items));
        setNext(answer.next ?? null);
        setLoading(false);
      },
      (error: unknown) => {
        setFailure(error instanceof Error ? error.message : String(error));
        setLoading(false);
      },
    );

  useEffect(() => {
    void take(undefined, load());
    // The first page, once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const more = (after: string) => {
    setLoading(true);
    void take(after, load(after));
  };

  return (
    <>
      <Table<T> rowKey={rowKey} columns={columns} dataSource={rows} loading={loading} pagination={false} size="small" expandable={expandable}
        locale={failure ? { emptyText: failure } : undefined} />
      {next && (
        <Button style={{ marginTop: 12 }} onClick={() => more(next)} loading={loading}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
