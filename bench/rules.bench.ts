/**
 * bench:rules — the full S2 adjustment (伤残津贴, 生活护理费, 供养亲属抚恤金, 养老金补差) for 1,000,000 generated
 * beneficiaries, in one process:
 *   1. the engine's batch path (compiled from the rule's expression trees),
 *   2. a hand-written typed-array loop (the physical limit on this machine),
 *   3. json-rules-engine and 4. @gorules/zen-engine on a sample (they are orders of magnitude slower;
 *      records/s is extrapolated from the sample and said so).
 * Prints records/s and the ratios the issue sets as targets.
 */
import { performance } from 'node:perf_hooks';
import { ZenEngine } from '@gorules/zen-engine';
import { loadParameterStore } from '@renshe/policies';
import { prng } from '@renshe/policies/testing.ts';
import { shanxi2023WorkInjuryAdjustment as rule } from '@renshe/policies/work-injury/shanxi-2023-adjustment.rule.ts';
import { compileRule } from '@renshe/rules/batch.ts';
import { Engine } from 'json-rules-engine';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 20_000);
const CUTOFF = 19357; // 2022-12-31 as epoch day

// --- population as columns (codes as the rule's enums encode them) ---
const CATS = [0, 1, 2, 3, 4, 5, 6, 11, 12];
const rand = prng(42);
const cols = {
  category: new Float64Array(N),
  allowanceBefore: new Float64Array(N),
  careLevel: new Float64Array(N),
  nursingBefore: new Float64Array(N),
  dependantsBefore: new Float64Array(N),
  spouseDependants: new Float64Array(N),
  otherDependants: new Float64Array(N),
  firstPaidDate: new Float64Array(N),
  oneTimeSettled: new Float64Array(N),
  retired: new Float64Array(N),
  pensionAfterAdjustment: new Float64Array(N),
};
for (let i = 0; i < N; i++) {
  cols.category[i] = CATS[Math.floor(rand() * CATS.length)]!;
  cols.allowanceBefore[i] = rand() < 0.1 ? 0 : Math.round(260000 + rand() * 80000);
  cols.careLevel[i] = Math.floor(rand() * 4);
  cols.nursingBefore[i] = rand() < 0.3 ? 0 : Math.round(175000 + rand() * 150000);
  cols.dependantsBefore[i] = rand() < 0.5 ? 0 : Math.round(100000 + rand() * 200000);
  cols.spouseDependants[i] = rand() < 0.5 ? 1 : 0;
  cols.otherDependants[i] = Math.floor(rand() * 4);
  cols.firstPaidDate[i] = CUTOFF - 400 + Math.floor(rand() * 420);
  cols.oneTimeSettled[i] = rand() < 0.05 ? 1 : 0;
  cols.retired[i] = rand() < 0.3 ? 1 : 0;
  cols.pensionAfterAdjustment[i] = Math.round(290000 + rand() * 40000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(fn: () => void, runs = 7): number {
  fn(); // warm-up
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

// --- 1. engine batch path ---
const store = loadParameterStore();
const tc = performance.now();
const runner = compileRule(store, rule, { region: '140105', date: '2023-12-01' });
const compileMs = performance.now() - tc;
// Output arrays allocated once and reused by both loops, as a payment run over a region would.
const engineOut: Record<string, Float64Array> = Object.fromEntries(
  runner.outputs.map((o) => [o, new Float64Array(N)]),
);
const engineMs = time(() => {
  runner.run(cols, N, engineOut);
});

// --- 2. hand-written loop: the same rule and the same seven outputs, written directly over the columns ---
const INC = new Float64Array(16);
[
  [1, 16200],
  [2, 15200],
  [3, 14200],
  [4, 13200],
  [5, 12200],
  [6, 11200],
  [11, 14700],
  [12, 11700],
].forEach(([k, v]) => {
  INC[k!] = v!;
});
const NURSE_INC = Float64Array.of(0, 13300, 10600, 8000);
const NURSE_FLOOR = Float64Array.of(0, 321900, 275700, 193100);
const hand = {
  eligible: new Float64Array(N),
  allowanceByEmployer: new Float64Array(N),
  allowance: new Float64Array(N),
  nursing: new Float64Array(N),
  dependants: new Float64Array(N),
  pensionTopUp: new Float64Array(N),
  monthlyTotal: new Float64Array(N),
};
function handLoop(): void {
  const {
    category,
    allowanceBefore,
    careLevel,
    nursingBefore,
    dependantsBefore,
    spouseDependants,
    otherDependants,
  } = cols;
  const { firstPaidDate, oneTimeSettled, retired, pensionAfterAdjustment } = cols;
  for (let i = 0; i < N; i++) {
    const c = category[i]!;
    const eligible = firstPaidDate[i]! <= CUTOFF && oneTimeSettled[i] === 0;
    const floorCat = c === 1 || c === 2 || c === 3 || c === 4 || c === 11;
    let a = allowanceBefore[i]!;
    if (eligible && a > 0) {
      a += INC[c]!;
      if (floorCat && a < 316400) a = 316400;
    }
    let nu = nursingBefore[i]!;
    const cl = careLevel[i]!;
    if (eligible && nu > 0 && cl > 0) {
      nu += NURSE_INC[cl]!;
      if (nu < NURSE_FLOOR[cl]!) nu = NURSE_FLOOR[cl]!;
    }
    let d = dependantsBefore[i]!;
    if (eligible && d > 0) d += 5900 * spouseDependants[i]! + 4900 * otherDependants[i]!;
    const p = pensionAfterAdjustment[i]!;
    const top = eligible && retired[i] === 1 && floorCat && p < 316400 ? 316400 - p : 0;
    hand.eligible[i] = eligible ? 1 : 0;
    hand.allowanceByEmployer[i] = c === 5 || c === 6 ? a : 0;
    hand.allowance[i] = a;
    hand.nursing[i] = nu;
    hand.dependants[i] = d;
    hand.pensionTopUp[i] = top;
    hand.monthlyTotal[i] = a + nu + d + top;
  }
}
const handMs = time(handLoop);
let diff = 0;
for (const k of Object.keys(hand) as (keyof typeof hand)[]) {
  for (let i = 0; i < N; i++) if (hand[k][i] !== engineOut[k]![i]) diff++;
}

// --- 3. json-rules-engine: increments and floors as rules, on a sample ---
const jre = new Engine([], { allowUndefinedFacts: true });
for (const [k, v] of [
  [1, 162],
  [2, 152],
  [3, 142],
  [4, 132],
  [5, 122],
  [6, 112],
  [11, 147],
  [12, 117],
] as const) {
  jre.addRule({
    conditions: {
      all: [
        { fact: 'eligible', operator: 'equal', value: true },
        { fact: 'category', operator: 'equal', value: k },
      ],
    },
    event: { type: 'allowance_increment', params: { amount: v * 100 } },
  });
}
jre.addRule({
  conditions: {
    all: [
      { fact: 'eligible', operator: 'equal', value: true },
      { fact: 'category', operator: 'in', value: [1, 2, 3, 4, 11] },
    ],
  },
  event: { type: 'allowance_floor', params: { amount: 316400 } },
});
for (const [lvl, inc, floor] of [
  [1, 13300, 321900],
  [2, 10600, 275700],
  [3, 8000, 193100],
] as const) {
  jre.addRule({
    conditions: {
      all: [
        { fact: 'eligible', operator: 'equal', value: true },
        { fact: 'careLevel', operator: 'equal', value: lvl },
      ],
    },
    event: { type: 'nursing', params: { inc, floor } },
  });
}
jre.addRule({
  conditions: {
    all: [
      { fact: 'eligible', operator: 'equal', value: true },
      { fact: 'retired', operator: 'equal', value: 1 },
      { fact: 'category', operator: 'in', value: [1, 2, 3, 4, 11] },
    ],
  },
  event: { type: 'pension_floor', params: { amount: 316400 } },
});
async function jreRun(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < SAMPLE; i++) {
    const eligible = cols.firstPaidDate[i]! <= CUTOFF && cols.oneTimeSettled[i] === 0;
    const { events } = await jre.run({
      eligible,
      category: cols.category[i],
      careLevel: cols.careLevel[i],
      retired: cols.retired[i],
    });
    let a = cols.allowanceBefore[i]!;
    let nu = cols.nursingBefore[i]!;
    let top = 0;
    for (const e of events) {
      if (e.type === 'allowance_increment' && a > 0) a += e.params!.amount;
      if (e.type === 'nursing' && nu > 0) nu = Math.max(nu + e.params!.inc, e.params!.floor);
      if (e.type === 'pension_floor') top = Math.max(0, 316400 - cols.pensionAfterAdjustment[i]!);
    }
    if (a > 0 && events.some((e) => e.type === 'allowance_floor')) a = Math.max(a, 316400);
    void nu;
    void top;
  }
  return performance.now() - t;
}
const jreMs = await jreRun();

// --- 4. ZEN engine: the rule as one expression node of a JDM decision graph, on a sample ---
const expr = (s: string) => s.replace(/\s+/g, ' ');
const content = {
  nodes: [
    { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
    {
      id: 'calc',
      type: 'expressionNode',
      name: 'S2',
      position: { x: 200, y: 0 },
      content: {
        expressions: [
          { id: '1', key: 'eligible', value: `firstPaidDate <= ${CUTOFF} and oneTimeSettled == 0` },
          {
            id: '2',
            key: 'inc',
            value: expr(
              `category == 1 ? 16200 : category == 2 ? 15200 : category == 3 ? 14200 : category == 4 ? 13200 : category == 5 ? 12200 : category == 6 ? 11200 : category == 11 ? 14700 : category == 12 ? 11700 : 0`,
            ),
          },
          { id: '3', key: 'floorCat', value: 'category in [1, 2, 3, 4, 11]' },
          {
            id: '4',
            key: 'allowance',
            value: expr(
              `$.eligible and allowanceBefore > 0 ? ($.floorCat ? max([allowanceBefore + $.inc, 316400]) : allowanceBefore + $.inc) : allowanceBefore`,
            ),
          },
          {
            id: '5',
            key: 'nursing',
            value: expr(
              `$.eligible and nursingBefore > 0 and careLevel > 0 ? max([nursingBefore + (careLevel == 1 ? 13300 : careLevel == 2 ? 10600 : 8000), careLevel == 1 ? 321900 : careLevel == 2 ? 275700 : 193100]) : nursingBefore`,
            ),
          },
          {
            id: '6',
            key: 'dependants',
            value: expr(
              `$.eligible and dependantsBefore > 0 ? dependantsBefore + 5900 * spouseDependants + 4900 * otherDependants : dependantsBefore`,
            ),
          },
          {
            id: '7',
            key: 'pensionTopUp',
            value: expr(
              `$.eligible and retired == 1 and $.floorCat and pensionAfterAdjustment < 316400 ? 316400 - pensionAfterAdjustment : 0`,
            ),
          },
          { id: '8', key: 'monthlyTotal', value: '$.allowance + $.nursing + $.dependants + $.pensionTopUp' },
        ],
      },
    },
    { id: 'out', type: 'outputNode', name: 'Response', position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', sourceId: 'in', targetId: 'calc', type: 'edge' },
    { id: 'e2', sourceId: 'calc', targetId: 'out', type: 'edge' },
  ],
};
const zen = new ZenEngine();
const decision = zen.createDecision(Buffer.from(JSON.stringify(content)));
let zenCheck = 0;
async function zenRun(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < SAMPLE; i++) {
    const r = await decision.evaluate({
      category: cols.category[i],
      allowanceBefore: cols.allowanceBefore[i],
      careLevel: cols.careLevel[i],
      nursingBefore: cols.nursingBefore[i],
      dependantsBefore: cols.dependantsBefore[i],
      spouseDependants: cols.spouseDependants[i],
      otherDependants: cols.otherDependants[i],
      firstPaidDate: cols.firstPaidDate[i],
      oneTimeSettled: cols.oneTimeSettled[i],
      retired: cols.retired[i],
      pensionAfterAdjustment: cols.pensionAfterAdjustment[i],
    });
    if ((r.result as { monthlyTotal: number }).monthlyTotal !== engineOut.monthlyTotal![i]) zenCheck++;
  }
  return performance.now() - t;
}
const zenMs = await zenRun();
zen.dispose();

const rps = (ms: number, n: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');
console.log(
  `bench:rules — S2 full adjustment, ${fmt(N)} beneficiaries (Node ${process.version}, ${process.arch})`,
);
console.log(
  `  engine batch path     ${engineMs.toFixed(1)} ms   ${fmt(rps(engineMs, N))} records/s   (compile ${compileMs.toFixed(1)} ms, once)`,
);
console.log(
  `  hand-written loop     ${handMs.toFixed(1)} ms   ${fmt(rps(handMs, N))} records/s   (outputs differing from engine: ${diff})`,
);
console.log(
  `  json-rules-engine     ${fmt(rps(jreMs, SAMPLE))} records/s   (sample ${fmt(SAMPLE)}, ${jreMs.toFixed(0)} ms)`,
);
console.log(
  `  @gorules/zen-engine   ${fmt(rps(zenMs, SAMPLE))} records/s   (sample ${fmt(SAMPLE)}, ${zenMs.toFixed(0)} ms; totals differing: ${zenCheck})`,
);
console.log(`  engine / hand-written time: ${(engineMs / handMs).toFixed(2)}×   (target ≤ 1.5×)`);
console.log(
  `  engine vs json-rules-engine: ${(rps(engineMs, N) / rps(jreMs, SAMPLE)).toFixed(0)}× faster   (target ≥ 10×)`,
);
console.log(
  `  engine vs zen-engine:        ${(rps(engineMs, N) / rps(zenMs, SAMPLE)).toFixed(0)}× faster   (target ≥ 10×)`,
);
if (diff > 0) process.exitCode = 1;
