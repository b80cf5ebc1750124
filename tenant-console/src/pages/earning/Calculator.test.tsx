import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { Calculator } from './Calculator';

describe('the points calculator', () => {
  it('prices an event of a real member under the version and shows the rules that fired', async () => {
    const calls = mockApi(() => ({ body: { points: 128, lines: [{ ruleId: 'base', kind: 'PER_YUAN', points: 128 }] } }));
    renderAs(<Calculator versionId="v-1" />);
    await userEvent.type(screen.getByLabelText('会员外部编号'), 'bella-baby-c-001');
    await userEvent.type(screen.getByLabelText('订单金额（分）'), '12800');
    await userEvent.click(screen.getByRole('button', { name: /试\s*算/ }));
    expect(await screen.findByTestId('calculation')).toHaveTextContent('可得 128 积分');
    expect(calls[0].url).toBe('/api/v1/earning/calculator');
    expect(calls[0].body).toMatchObject({
      ruleVersionId: 'v-1',
      event: { type: 'ORDER_PAID', externalMemberId: 'bella-baby-c-001', order: { amountFen: 12800 } },
    });
  });

  it('lists a refusal whose field the form does not have', async () => {
    mockApi(() => ({ status: 404, body: { title: 'Not found', detail: 'Member bella-baby-x not found' } }));
    renderAs(<Calculator versionId="v-1" />);
    await userEvent.type(screen.getByLabelText('会员外部编号'), 'bella-baby-x');
    await userEvent.click(screen.getByRole('button', { name: /试\s*算/ }));
    expect(await screen.findByText('Member bella-baby-x not found')).toBeInTheDocument();
  });
});
