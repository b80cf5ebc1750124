import { describe, expect, it } from 'vitest';

import { parseDealerCsv } from './dealerCsv';

describe('the dealer targets file', () => {
  it('reads the dealers of a file with a byte order mark and Windows line ends', () => {
    expect(parseDealerCsv('\uFEFFexternal_id,target_fen,sales_fen\r\nd-1,1000000,1250000\r\nd-2,500000,0\r\n')).toEqual({
      dealers: [
        { externalMemberId: 'd-1', targetFen: 1000000, salesFen: 1250000 },
        { externalMemberId: 'd-2', targetFen: 500000, salesFen: 0 },
      ],
      problems: [],
    });
  });

  it('names every bad line and its field, and sends nothing then', () => {
    const { dealers, problems } = parseDealerCsv('external_id,target_fen,sales_fen\nd-1,0,5\nd-1,100,12.5\n,100,1\nd-4,100\n');
    expect(dealers).toEqual([]);
    expect(problems).toEqual([
      { line: 2, field: 'target_fen', message: 'a whole number of fen above 0' },
      { line: 3, field: 'external_id', message: 'appears twice' },
      { line: 3, field: 'sales_fen', message: 'a whole number of fen' },
      { line: 4, field: 'external_id', message: 'required' },
      { line: 5, field: 'line', message: 'three values: external_id,target_fen,sales_fen' },
    ]);
  });

  it('refuses a file without the header', () => {
    expect(parseDealerCsv('d-1,100,100').problems).toEqual([{ line: 1, field: 'header', message: 'the first line must be external_id,target_fen,sales_fen' }]);
  });
});
