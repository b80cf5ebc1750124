import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';

import { ApiProblem } from '../../api/client';
import type { RuleSet } from '../../api/types';
import { renderAs } from '../../test/render';
import { loadRuleSet, RuleSetForm, ruleSetOf, type RuleSetValues, showRuleSetProblems } from './RuleSetForm';

/** A rule set with every part the builder edits, and fields it has no control for (channels, a task's conditions, a field newer than the console). */
const document: RuleSet = {
  pointType: 'default',
  stacking: 'MAX',
  dailyCapPerMember: 5000,
  dailyEventLimits: { SHARE: 20, 'custom.scan': 3 },
  tiers: [
    { code: 'silver', name: '白银', minScore: 0 },
    { code: 'gold', name: '黄金', minScore: 1000, earnMultiplier: 1.5, birthdayPoints: 200, redemptionFeePercent: 2.5 },
  ],
  tierScore: { basis: 'GROWTH', spendWeightPercent: 100, interactionWeightPercent: 50 },
  tierReview: { period: 'YEAR', retentionDays: 30, retentionMultiplier: 1.5 },
  tasks: [
    { id: 'share-week', name: '每周分享', eventType: 'SHARE', count: 5, points: 200, period: 'WEEK', when: { audiences: ['CONSUMER'] }, from: '2026-01-01T00:00:00.000Z' },
    { id: 'profile', name: '完善资料', eventType: 'PROFILE_COMPLETED', count: 1, points: 50, period: 'ONCE' },
  ],
  taskPackages: [{ id: 'starter', name: '新手礼包', tasks: ['share-week', 'profile'], points: 500, unlocks: 'starter-gift' }],
  checkIn: { dailyPoints: 10, cycleDays: 7, streakBonuses: [{ day: 7, points: 300 }] },
  deviceCheckInsPerMinute: 3,
  rules: [
    { id: 'base', eventTypes: ['ORDER_PAID'], award: { kind: 'PER_YUAN', points: 1, rounding: 'FLOOR' }, limits: { perMemberDay: 500 }, when: { channels: ['app'], minAmountFen: 100 } },
    { id: 'gold-x2', name: '金卡双倍', priority: 10, eventTypes: ['ORDER_PAID'], award: { kind: 'MULTIPLIER', factor: 2 }, when: { tiers: ['gold'] } },
  ],
  futureField: { kept: true },
};

type RuleForm = FormInstance<RuleSetValues>;

function Harness({ onForm, initial }: { onForm: (form: RuleForm) => void; initial: RuleSet }) {
  const [form] = Form.useForm<RuleSetValues>();
  useEffect(() => {
    onForm(form);
  }, [form, onForm]);
  return <RuleSetForm form={form} initialValues={initial} />;
}

/** Renders the builder over {@code initial}; queries go by the fields' ids (`tiers_1_name`): the form is large for jsdom. */
async function rendered(initial: RuleSet = document): Promise<{ form: RuleForm; field: (id: string) => HTMLElement }> {
  let captured: RuleForm | undefined;
  const { container } = renderAs(<Harness initial={initial} onForm={(form) => (captured = form)} />);
  const field = (id: string) => container.ownerDocument.getElementById(id) as HTMLElement;
  await waitFor(() => expect(field('rules_0_id')).toHaveValue('base'));
  return { form: captured!, field };
}

/** The button whose text is {@code text} (role queries take seconds on a form this large). */
function button(text: string): HTMLElement {
  return screen.getByText(text).closest('button') as HTMLElement;
}

describe('the rule set builder', () => {
  it('shows tiers, tasks, packages and the check-in in their forms and gives the whole document back, what it cannot edit included', async () => {
    const { form, field } = await rendered();
    expect(field('tiers_1_name')).toHaveValue('黄金');
    expect(field('tasks_0_name')).toHaveValue('每周分享');
    expect(field('taskPackages_0_name')).toHaveValue('新手礼包');
    expect(field('checkIn_dailyPoints')).toHaveValue('10');
    expect(field('dailyEventLimits_custom.scan')).toHaveValue('3');
    expect(ruleSetOf(form.getFieldsValue(true))).toEqual(document);

    // The JSON view's edit replaces what the form held: a part deleted there does not come back.
    const edited: RuleSet = { rules: [{ id: 'only', eventTypes: ['REGISTER'], award: { kind: 'FIXED', points: 100 } }], tiers: [{ code: 'vip', name: 'VIP', minScore: 1 }] };
    act(() => loadRuleSet(form, edited));
    await waitFor(() => expect(field('tiers_0_name')).toHaveValue('VIP'));
    expect(field('tasks_0_name')).toBeNull();
    expect(field('checkIn_dailyPoints')).toBeNull();
    expect(ruleSetOf(form.getFieldsValue(true))).toEqual(edited);
  }, 120_000);

  it('removes a rule with its own fields, leaving the next rule as it was', async () => {
    const { form } = await rendered({ rules: document.rules, tiers: document.tiers });
    // The first remove button of the page is the first rule's.
    await userEvent.click(window.document.querySelector('button[aria-label="删除"]') as HTMLElement);
    const written = ruleSetOf(form.getFieldsValue(true));
    expect(written.rules).toEqual([document.rules[1]]);
    expect(written.tiers).toEqual(document.tiers);
  }, 120_000);

  it('adds a tier, a task and a streak bonus through the form', async () => {
    const { form, field } = await rendered({ rules: document.rules.slice(0, 1) });
    await userEvent.click(button('添加等级'));
    await userEvent.type(field('tiers_0_name'), '金卡');
    await userEvent.click(button('添加任务'));
    await userEvent.click(field('checkIn-enabled'));
    await userEvent.click(button('添加连签奖励'));
    const written = ruleSetOf(form.getFieldsValue(true));
    expect(written.tiers).toEqual([{ code: 'tier-1', name: '金卡', minScore: 0 }]);
    expect(written.tasks).toEqual([{ id: 'task-1', eventType: 'SHARE', count: 1, points: 10, period: 'DAY' }]);
    expect(written.checkIn).toEqual({ dailyPoints: 10, streakBonuses: [{ day: 7, points: 100 }] });
    expect(written.rules).toEqual(document.rules.slice(0, 1));
  }, 120_000);

  it("shows the validator's problems at the tier, task, package, check-in and limit fields they name", async () => {
    const { form, field } = await rendered();
    let left: string[] = [];
    act(() => {
      left = showRuleSetProblems(form, new ApiProblem(400, 'validation', 'Invalid', '10 problems', [
        { field: 'rules[0].award.points', message: 'from 1 to 1000000' },
        { field: 'rules[0].limits', message: 'name at least one limit' },
        { field: 'tiers[1].minScore', message: 'tiers go from the lowest up' },
        { field: 'tierReview', message: 'a retention sprint needs both' },
        { field: 'tasks[0].points', message: 'from 1 (or 0 with an unlock)' },
        { field: 'taskPackages[0].tasks', message: 'at least two different tasks' },
        { field: 'checkIn.streakBonuses[0]', message: 'a day from 1 within the cycle' },
        { field: 'dailyEventLimits.custom.scan', message: 'an event type with a positive limit' },
        { field: 'maxAmountFen', message: 'must be between 1 and 10' },
        { field: 'rules[0].when.channels', message: 'not in the form' },
      ]));
    });
    const shownAt = (id: string) => field(id).closest('.ant-form-item')?.querySelector('.ant-form-item-explain')?.textContent;
    await waitFor(() => expect(shownAt('rules_0_award_points')).toBe('from 1 to 1000000'));
    expect(shownAt('rules_0_limits_perMemberDay')).toBe('name at least one limit');
    expect(shownAt('tiers_1_minScore')).toBe('tiers go from the lowest up');
    expect(shownAt('tierReview_period')).toBe('a retention sprint needs both');
    expect(shownAt('tasks_0_points')).toBe('from 1 (or 0 with an unlock)');
    expect(shownAt('taskPackages_0_tasks')).toBe('at least two different tasks');
    expect(shownAt('checkIn_streakBonuses_0_day')).toBe('a day from 1 within the cycle');
    expect(shownAt('dailyEventLimits_custom.scan')).toBe('an event type with a positive limit');
    expect(shownAt('maxAmountFen')).toBe('must be between 1 and 10');
    expect(left).toEqual(['rules[0].when.channels: not in the form']);
  }, 120_000);
});
