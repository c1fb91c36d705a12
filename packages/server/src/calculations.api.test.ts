import { S2_GRADE1_INPUTS } from '@renshe/policies/testing.ts';
import { expect, it } from 'vitest';
import { CalculationResponseSchema } from './routes/policies.routes.ts';
import { describeEachApp } from './testing.ts';

const grade1 = S2_GRADE1_INPUTS;
const calc = (payload: object) => ({ method: 'POST' as const, url: '/api/v1/calculations', payload });

describeEachApp('policies and calculations API', (t) => {
  it('computes the S2 adjustment with outputs in fen and yuan, an explanation and the citations', async () => {
    const res = await t.call(
      calc({
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140105',
        date: '2023-12-01',
        inputs: grade1,
        trace: true,
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    // The route writes its JSON by hand (calculation-json.ts): it must still be the documented document.
    expect(() => CalculationResponseSchema.parse(body)).not.toThrow();
    expect(body.outputs.allowance).toEqual({ label: '伤残津贴', value: 316400, yuan: '3164.00' });
    expect(body.explanation).toContain(
      '伤残津贴：原伤残津贴（月） 2900.00 元 + 伤残津贴调增额（一级伤残） 162.00 元 = 3062.00 元，低于伤残津贴保底标准 3164.00 元，补足至 3164.00 元',
    );
    expect(
      body.parameters.find((p: { id: string }) => p.id === 'wi_sx_2023.allowance_floor').citation,
    ).toMatchObject({
      published: '2023-12-14',
      effective: '2023-01-01',
      source: 'seeds/000_e6df5d75014aac0a.txt',
    });
    const root = body.trace.nodes[body.trace.outputs.allowance];
    expect(root).toMatchObject({ op: 'step', label: '伤残津贴', value: 316400 });
    const ids = new Set(body.parameters.map((p: { id: string }) => p.id));
    const paramNodes = body.trace.nodes.filter((n: { parameter?: string }) => n.parameter);
    expect(paramNodes.length).toBeGreaterThan(3);
    expect(paramNodes.every((n: { parameter: string }) => ids.has(n.parameter))).toBe(true);
  });

  it('answers "as known on" a date before publication with the old amount', async () => {
    const res = await t.call(
      calc({
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140105',
        date: '2023-06-01',
        asKnownOn: '2023-06-30',
        inputs: grade1,
      }),
    );
    expect(res.json().outputs.allowance.yuan).toBe('2900.00');
  });

  it.each([
    [{ rule: 'nope', region: '140100', date: '2023-12-01', inputs: grade1 }, 404, 'RULE_NOT_FOUND'],
    [
      {
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140100',
        date: '2023-12-01',
        inputs: { ...grade1, allowanceBefore: '-5' },
      },
      400,
      'RULE_INPUT_INVALID',
    ],
    [
      {
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140100',
        date: '2023-12-01',
        inputs: { ...grade1, category: 'grade_11' },
      },
      400,
      'RULE_INPUT_INVALID',
    ],
    [
      { rule: 'work_injury.shanxi_2023_adjustment', region: '140100', date: '2022-06-01', inputs: grade1 },
      400,
      'RULE_NOT_IN_FORCE',
    ],
    [
      { rule: 'work_injury.shanxi_2023_adjustment', region: '370800', date: '2023-12-01', inputs: grade1 },
      400,
      'PARAMETER_NO_VALUE',
    ],
  ])('refuses bad input %#', async (payload, status, code) => {
    const res = await t.call(calc(payload));
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('names the field of an invalid input', async () => {
    const res = await t.call(
      calc({
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140100',
        date: '2023-12-01',
        inputs: { ...grade1, allowanceBefore: '-5' },
      }),
    );
    expect(res.json().error.details.issues[0].field).toBe('allowanceBefore');
  });

  it('refuses money written as a JSON number (5000 and "5000" must not mean different amounts), naming the field', async () => {
    const res = await t.call(
      calc({
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140100',
        date: '2023-12-01',
        inputs: { ...grade1, allowanceBefore: 5000 },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('allowanceBefore');
  });

  it.each([
    ['date', { date: '2024-99-99' }, 'body.date'],
    ['date', { date: '2023-02-29' }, 'body.date'],
    ['asKnownOn', { asKnownOn: '2023-13-01' }, 'body.asKnownOn'],
    ['an input date', { inputs: { ...grade1, firstPaidDate: '2019-02-30' } }, 'firstPaidDate'],
  ])('refuses an impossible %s with 400 naming the field', async (_what, patch, field) => {
    const res = await t.call(
      calc({
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140100',
        date: '2023-12-01',
        inputs: grade1,
        ...patch,
      }),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain(field);
  });

  it('lists a parameter with its dated values and citations', async () => {
    const res = await t.call({
      method: 'GET',
      url: '/api/v1/policies/parameters/wi_sx_2023.allowance_increment',
    });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.values).toHaveLength(8);
    expect(p.values[0]).toMatchObject({ region: '140000', effective: '2023-01-01', published: '2023-12-14' });
    const missing = await t.call({ method: 'GET', url: '/api/v1/policies/parameters/nope' });
    expect(missing.statusCode).toBe(404);
  });

  it('computes back-pay month by month', async () => {
    const res = await t.call({
      method: 'POST',
      url: '/api/v1/calculations/back-pay',
      payload: {
        rule: 'work_injury.shanxi_2023_adjustment',
        region: '140105',
        fromMonth: '2023-01',
        paymentDate: '2023-12-20',
        output: 'allowance',
        inputs: grade1,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toEqual({ value: 290400, yuan: '2904.00' });
    expect(res.json().months).toHaveLength(11);
  });
});
