import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import type { ReactNode } from 'react';

import { useI18n } from '../../i18n/I18nContext';

export const options = (values: string[]) => values.map((value) => ({ value, label: value }));

/** An empty choice of several leaves the condition out (an empty list would never match). */
export const noneIfEmpty = (value?: unknown[]) => (value && value.length > 0 ? value : undefined);

/** One item of a list (a rule, a tier, a task): its fields and, when editable, a remove button. */
export function ItemCard({ readOnly, onRemove, children }: { readOnly?: boolean; onRemove: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      extra={readOnly ? null : <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('rules.remove')} />}
    >
      {children}
    </Card>
  );
}

/** The button that adds an item to a list, hidden when the form is read-only. */
export function AddButton({ readOnly, onClick, children }: { readOnly?: boolean; onClick: () => void; children: ReactNode }) {
  return readOnly ? null : <Button type="dashed" icon={<PlusOutlined />} onClick={onClick}>{children}</Button>;
}
