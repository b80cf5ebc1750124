import dayjs from 'dayjs';

export function formatTime(value?: string | null): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '–';
}

export function formatPoints(value?: number | null): string {
  return value === undefined || value === null ? '–' : value.toLocaleString();
}

/** Fen as yuan: 12800 → ¥128.00 (integer arithmetic; no floating point for money). */
export function formatFen(fen?: number | null): string {
  if (fen === undefined || fen === null) {
    return '–';
  }
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString()}.${String(abs % 100).padStart(2, '0')}`;
}
