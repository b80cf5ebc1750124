import { theme } from 'antd';

import type { DashboardDay } from './types';

export interface Series {
  key: 'issued' | 'redeemed' | 'expired';
  label: string;
}

const WIDTH = 720;
const HEIGHT = 200;
const AXIS = 24;

/**
 * Points issued, redeemed and expired per day as grouped bars: a plain SVG (no chart library, so the dashboard's chunk
 * stays small). Each bar has a tooltip; the chart's label sums it up for screen readers.
 */
export default function DailyChart({ days, series, label }: { days: DashboardDay[]; series: Series[]; label: string }) {
  const { token } = theme.useToken();
  const colours = { issued: token.colorPrimary, redeemed: token.colorSuccess, expired: token.colorTextQuaternary };
  const max = Math.max(1, ...days.flatMap((d) => series.map((s) => d[s.key])));
  const slot = days.length === 0 ? WIDTH : WIDTH / days.length;
  const bar = Math.max(1, (slot * 0.8) / series.length);
  const every = Math.ceil(days.length / 10);
  return (
    <div>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} width="100%" style={{ maxHeight: 260 }}>
        <line x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} stroke={token.colorBorder} />
        {days.map((d, i) =>
          series.map((s, j) => {
            const h = (d[s.key] / max) * (HEIGHT - 8);
            return (
              <rect key={`${d.day}-${s.key}`} data-testid={`bar-${d.day}-${s.key}`} x={i * slot + slot * 0.1 + j * bar} y={HEIGHT - h}
                width={bar} height={h} fill={colours[s.key]}>
                <title>{`${d.day} ${s.label}: ${d[s.key].toLocaleString()}`}</title>
              </rect>
            );
          }),
        )}
        {days.map((d, i) =>
          i % every === 0 ? (
            <text key={d.day} x={i * slot + slot / 2} y={HEIGHT + 16} fontSize={11} textAnchor="middle" fill={token.colorTextSecondary}>
              {d.day.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      <div style={{ display: 'flex', gap: 16, fontSize: 12 }}>
        {series.map((s) => (
          <span key={s.key}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: colours[s.key], marginRight: 4 }} />
            {s.label}
          </span>
        ))}
      </div>
    </div>
  );
}
