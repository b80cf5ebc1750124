import { Empty, Progress } from 'antd';

/** Counts as a list of labelled bars with their share of the total, largest first. */
export default function ShareList({ counts, labelOf, empty }: { counts: Record<string, number>; labelOf: (key: string) => string; empty: string }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  }
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {entries.map(([key, n]) => (
        <li key={key} style={{ marginBottom: 8 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span>{labelOf(key)}</span>
            <span>{n.toLocaleString()}</span>
          </div>
          <Progress percent={Math.round((n * 100) / total)} size="small" aria-label={`${labelOf(key)} ${n}`} />
        </li>
      ))}
    </ul>
  );
}
