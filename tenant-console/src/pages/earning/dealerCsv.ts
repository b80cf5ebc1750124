import type { FieldError } from '../../api/client';

export interface DealerSales {
  externalMemberId: string;
  targetFen: number;
  salesFen: number;
}

const HEADER = ['external_id', 'target_fen', 'sales_fen'];

/**
 * Reads a dealer targets file: a header line `external_id,target_fen,sales_fen`, then one dealer a line with whole
 * amounts in fen. Answers the dealers, or every bad line with its number (the header is line 1), so that the file is
 * fixed before anything is sent.
 */
export function parseDealerCsv(text: string): { dealers: DealerSales[]; problems: FieldError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: FieldError[] = [];
  const dealers: DealerSales[] = [];
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  if (header.join(',') !== HEADER.join(',')) {
    return { dealers, problems: [{ line: 1, field: 'header', message: `the first line must be ${HEADER.join(',')}` }] };
  }
  const seen = new Set<string>();
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (!raw.trim()) {
      return;
    }
    const cells = raw.split(',').map((cell) => cell.trim());
    if (cells.length !== 3) {
      problems.push({ line, field: 'line', message: 'three values: external_id,target_fen,sales_fen' });
      return;
    }
    const [externalMemberId, target, sales] = cells;
    if (!externalMemberId) {
      problems.push({ line, field: 'external_id', message: 'required' });
    } else if (seen.has(externalMemberId)) {
      problems.push({ line, field: 'external_id', message: 'appears twice' });
    }
    seen.add(externalMemberId);
    const fen = (field: string, value: string, positive: boolean) => {
      if (!/^\d+$/.test(value) || (positive && Number(value) === 0) || !Number.isSafeInteger(Number(value))) {
        problems.push({ line, field, message: positive ? 'a whole number of fen above 0' : 'a whole number of fen' });
        return undefined;
      }
      return Number(value);
    };
    const targetFen = fen('target_fen', target, true);
    const salesFen = fen('sales_fen', sales, false);
    if (externalMemberId && targetFen !== undefined && salesFen !== undefined) {
      dealers.push({ externalMemberId, targetFen, salesFen });
    }
  });
  if (problems.length === 0 && dealers.length === 0) {
    problems.push({ line: 2, field: 'line', message: 'no dealer in the file' });
  }
  return { dealers: problems.length ? [] : dealers, problems };
}
