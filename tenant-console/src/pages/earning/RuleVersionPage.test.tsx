import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import type { RuleSet } from '../../api/types';
import { mockApi, renderAs } from '../../test/render';
import RuleVersionPage from './RuleVersionPage';

const rules: RuleSet = {
  rules: [{ id: 'base', eventTypes: ['ORDER_PAID'], award: { kind: 'PER_YUAN', points: 1 }, when: { channels: ['app'] } }],
  tiers: [{ code: 'silver', name: '白银', minScore: 0 }, { code: 'gold', name: '黄金', minScore: 0 }],
  checkIn: { dailyPoints: 10, cycleDays: 7 },
};
const version = { id: 'v-1', version: 3, state: 'DRAFT', effectiveFrom: '2026-12-01T00:00:00Z', rules, createdAt: '2026-11-30T00:00:00Z' };

describe('a draft rule version', () => {
  it("saves the JSON view's edit from the form and shows the refusal at the tier field it names", async () => {
    const calls = mockApi((call) => (call.method === 'PUT'
      ? { status: 400, body: { title: 'Invalid', detail: '1 problem', errors: [{ field: 'tiers[1].minScore', message: 'each tier needs more than the one before' }] } }
      : { body: version }));
    const { container } = renderAs(<Routes><Route path="/earning/rules/:versionId" element={<RuleVersionPage />} /></Routes>, undefined, '/earning/rules/v-1');
    const field = (id: string) => container.ownerDocument.getElementById(id);
    await waitFor(() => expect(field('tiers_1_name')).toHaveValue('黄金'));

    // In the JSON view the check-in is deleted; back in the form it stays deleted, and the rule keeps its channels.
    await userEvent.click(screen.getByText('JSON'));
    const json = container.querySelector('textarea') as HTMLTextAreaElement;
    const edited = JSON.parse(json.value) as RuleSet;
    delete edited.checkIn;
    fireEvent.change(json, { target: { value: JSON.stringify(edited) } });
    await userEvent.click(screen.getByText('表单'));
    await waitFor(() => expect(field('checkIn_dailyPoints')).toBeNull());

    await userEvent.click(screen.getByText('保 存').closest('button') as HTMLElement);
    await waitFor(() => expect(field('tiers_1_minScore')?.closest('.ant-form-item')).toHaveTextContent('each tier needs more than the one before'));
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.url).toBe('/api/v1/earning/rule-versions/v-1');
    expect(put.body).toMatchObject({ rules: { rules: rules.rules, tiers: rules.tiers }, effectiveFrom: '2026-12-01T00:00:00.000Z' });
    expect((put.body as { rules: RuleSet }).rules).not.toHaveProperty('checkIn');
  }, 120_000);
});
