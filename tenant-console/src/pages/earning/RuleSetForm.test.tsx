import { act, screen } from '@testing-library/react';
import { Form, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';

import { ApiProblem } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { renderAs } from '../../test/render';
import { RuleSetForm, ruleSetOf, type RuleSetValues } from './RuleSetForm';

const document = {
  pointType: 'default',
  tiers: [{ code: 'gold', threshold: 1000 }],
  rules: [{ id: 'base', eventTypes: ['ORDER_PAID'], award: { kind: 'PER_YUAN', points: 1, rounding: 'FLOOR' }, limits: { perDay: 500 } }],
};

type RuleForm = FormInstance<RuleSetValues>;

function Harness({ onForm }: { onForm: (form: RuleForm) => void }) {
  const [form] = Form.useForm<RuleSetValues>();
  useEffect(() => {
    onForm(form);
  }, [form, onForm]);
  return <RuleSetForm form={form} initialValues={document} />;
}

describe('the rule set builder', () => {
  it('shows a validation problem of the API at the rule field it names', async () => {
    let captured: RuleForm | undefined;
    renderAs(<Harness onForm={(form) => (captured = form)} />);
    expect(await screen.findByDisplayValue('base')).toBeInTheDocument();
    let left: string[] = [];
    act(() => {
      left = showProblemAtFields(captured!, new ApiProblem(400, 'validation', 'Invalid', '2 problems', [
        { field: 'rules[0].award.points', message: 'must be positive' },
        { field: 'tiers[0].threshold', message: 'must rise' },
      ]));
    });
    expect(await screen.findByText('must be positive')).toBeInTheDocument();
    // The form has no tier fields: that problem is left for the page to list.
    expect(left).toEqual(['tiers[0].threshold: must rise']);
  });

  it('keeps what the form does not edit when it writes the rule set back', () => {
    const values: RuleSetValues = { rules: [{ id: 'base', eventTypes: ['ORDER_PAID', 'SIGN_UP'], award: { kind: 'FIXED', points: 5 } }] };
    const written = ruleSetOf(document, values);
    expect(written.tiers).toEqual(document.tiers);
    expect(written.rules[0]).toEqual({
      id: 'base',
      eventTypes: ['ORDER_PAID', 'SIGN_UP'],
      award: { kind: 'FIXED', points: 5, rounding: 'FLOOR' },
      limits: { perDay: 500 },
    });
  });
});
