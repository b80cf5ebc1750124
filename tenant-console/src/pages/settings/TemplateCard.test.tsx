import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { mockApi, renderAs } from '../../test/render';
import { TemplateCard } from './TemplateCard';

const templates = [
  { industry: 'beauty', name: '美妆', description: '会员等级与复购', rules: 4, tiers: 3, tasks: 2, zones: 1 },
  { industry: 'retail', name: '零售', description: '门店消费积分', rules: 3, tiers: 2, tasks: 1, zones: 1 },
];

describe('the industry template', () => {
  it('applies a template and links its draft, and shows the refusal of a second one', async () => {
    const calls = mockApi((call) => {
      if (call.method === 'GET') {
        return { body: templates };
      }
      return (call.body as { industry: string }).industry === 'beauty'
        ? { status: 201, body: { industry: 'beauty', ruleVersionId: 'rv-1', zoneIds: ['z-1'], appliedAt: '2026-11-30T08:00:00Z', created: true } }
        : { status: 409, body: { title: 'Conflict', detail: 'The beauty template was applied already', errors: [] } };
    });
    renderAs(<TemplateCard />);
    expect(await screen.findByText('4 条规则 · 3 个等级 · 2 个任务 · 1 个专区')).toBeInTheDocument();

    await userEvent.click(screen.getAllByRole('button', { name: /应\s*用/ })[0]);
    await userEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    expect(await screen.findByRole('link', { name: '查看生成的规则草稿' })).toHaveAttribute('href', '/earning/rules/rv-1');
    expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/tenant/template', body: { industry: 'beauty' } });

    await userEvent.click(screen.getAllByRole('button', { name: /应\s*用/ })[1]);
    const confirms = await screen.findAllByRole('button', { name: /确\s*定|OK/ });
    await userEvent.click(confirms.at(-1)!);
    expect(await screen.findByText('The beauty template was applied already')).toBeInTheDocument();
  }, 120_000);
});
