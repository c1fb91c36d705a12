/**
 * `npm run calc -- <rule> --region 140105 --date 2023-12-01 [--as-known-on 2023-12-31] --inputs '<json>'|@file.json`
 * `npm run calc -- <rule> --region 140105 --back-pay-from 2023-01 --payment-date 2023-12-20 --output allowance --inputs …`
 * `npm run calc -- --list` lists the rules.
 * The same engine and catalogue as the API; money inputs in yuan ("2900.00"). Prints the explanation and JSON.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isDomainError } from '@renshe/domain/errors.ts';
import { formatYuan } from '@renshe/domain/money/money.ts';
import { loadParameterStore, RULES } from '@renshe/policies';
import { computeBackPay } from '@renshe/rules/back-pay.ts';
import { evaluateRule } from '@renshe/rules/evaluate.ts';
import { explain } from '@renshe/rules/explain.ts';
import { yuanInputsToFen } from '@renshe/rules/rule.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    region: { type: 'string' },
    date: { type: 'string' },
    'as-known-on': { type: 'string' },
    inputs: { type: 'string' },
    'back-pay-from': { type: 'string' },
    'payment-date': { type: 'string' },
    output: { type: 'string' },
    list: { type: 'boolean' },
  },
});

try {
  if (values.list) {
    for (const r of RULES.values()) console.log(`${r.id}\t${r.label}（自 ${r.versions[0]!.from}）`);
    process.exit(0);
  }
  const rule = RULES.get(positionals[0] ?? '');
  if (!rule) throw new Error(`unknown rule ${positionals[0] ?? '(none)'}; try --list`);
  const rawText = values.inputs?.startsWith('@')
    ? readFileSync(values.inputs.slice(1), 'utf8')
    : (values.inputs ?? '{}');
  const inputs = yuanInputsToFen(rule, JSON.parse(rawText));
  const store = loadParameterStore();
  if (values['back-pay-from']) {
    const r = computeBackPay(store, rule, inputs, {
      region: values.region ?? '',
      fromMonth: values['back-pay-from'],
      paymentDate: values['payment-date'] ?? '',
      output: values.output ?? '',
    });
    console.log(r.explanation.join('\n'));
    console.log(JSON.stringify({ total: r.total, yuan: formatYuan(r.total), months: r.months }, null, 2));
  } else {
    const calc = evaluateRule(store, rule, inputs, {
      region: values.region ?? '',
      date: values.date ?? '',
      ...(values['as-known-on'] ? { asKnownOn: values['as-known-on'] } : {}),
    });
    console.log(explain(calc).join('\n'));
    console.log(JSON.stringify({ rule: calc.rule, instant: calc.instant, outputs: calc.outputs }, null, 2));
  }
} catch (e) {
  console.error(isDomainError(e) ? `${e.code}: ${e.message}` : String((e as Error).message ?? e));
  process.exit(isDomainError(e) ? 2 : 1);
}
