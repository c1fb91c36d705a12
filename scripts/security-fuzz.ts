/**
 * `npm run test:security`: a bounded fuzz of every JSON route, read from the OpenAPI document, against the
 * real app (all plugins and routes, in-process through `inject`: nothing leaves the machine) on a throwaway
 * PostgreSQL database (PG_TEST_URL, else the local server; embedded PGlite when none answers), with demo
 * data. For each POST/PUT/PATCH route with a JSON body it sends FUZZ_PER_ROUTE (default 10,000) generated
 * bodies — half shaped by the route's schema with wrong, missing, extreme and hostile values, half hostile
 * outright: NUL characters, lone surrogates, JSON nested thousands deep, huge strings and arrays, numbers
 * for strings, `__proto__` keys — each as the role most likely to get past authorisation (the owner, the
 * handling staff, the administrator, anonymous), and counts the answers. Any answer ≥ 500 fails the run.
 *
 * Last line: `security fuzz: N requests over R routes, 0 answers ≥ 500: passed` (or the count and `FAILED`).
 */
import { randomBytes } from 'node:crypto';
import { migrateToLatest, openDatabase } from '@renshe/db';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { TEST_SCRYPT } from '../packages/server/src/auth/password.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from '../packages/server/src/demo-data.ts';
import { buildDeps } from '../packages/server/src/deps.ts';

const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 10_000);
const CONCURRENCY = 16;
const TIME_BUDGET_MS = Number(process.env.FUZZ_TIME_BUDGET_MS ?? 12 * 60_000);

/** A small deterministic PRNG (mulberry32), so a failing body can be reproduced with FUZZ_SEED. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const seed = Number(process.env.FUZZ_SEED ?? 20261203);
const rand = rng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d', // half an emoji
  '😀',
  'a'.repeat(30_000),
  "'; drop table account; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u202e',
  '',
  ' ',
  '140105199003071234',
  '2024-99-99',
  '9'.repeat(400),
  '-1e309',
];
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  5000,
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  { constructor: { prototype: { x: 1 } } },
];

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  const?: unknown;
  additionalProperties?: Schema | boolean;
};

function deep(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A value for `schema`: usually plausible, often wrong in one way. */
function valueFor(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return pick(HOSTILE_VALUES);
  if (rand() < 0.12) return rand() < 0.5 ? pick(HOSTILE_STRINGS) : pick(HOSTILE_VALUES);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return rand() < 0.85 ? pick(schema.enum) : 'not-an-option';
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return valueFor(pick(alt), depth + 1);
  const type = Array.isArray(schema.type) ? pick(schema.type) : schema.type;
  switch (type) {
    case 'string': {
      const max = schema.maxLength ?? 40;
      const len = rand() < 0.1 ? max + int(1, 5) : int(schema.minLength ?? 0, Math.min(max, 40));
      return rand() < 0.3
        ? pick(HOSTILE_STRINGS)
        : Array.from({ length: len }, () => pick([...'ab1-2X中文 '])).join('');
    }
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? -10;
      const hi = schema.maximum ?? 1000;
      return rand() < 0.2
        ? pick([lo - 1, hi + 1, 0.5, Number.NaN, '12'])
        : int(Math.ceil(lo), Math.floor(Math.min(hi, 1e6)));
    }
    case 'boolean':
      return rand() < 0.9 ? rand() < 0.5 : 'true';
    case 'array': {
      const n = rand() < 0.05 ? (schema.maxItems ?? 50) + 1 : int(0, 3);
      return Array.from({ length: n }, () => valueFor(schema.items, depth + 1));
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(k);
        if (!required && rand() < 0.3) continue;
        if (required && rand() < 0.05) continue;
        out[k] = valueFor(v, depth + 1);
      }
      if (rand() < 0.1) out[pick(['__proto__', 'constructor', 'extra', 'x\u0000'])] = pick(HOSTILE_VALUES);
      return out;
    }
  }
}

/** One request body as text: shaped by the schema, or hostile outright. */
function bodyFor(schema: Schema | undefined): string {
  const r = rand();
  if (r < 0.5) return JSON.stringify(valueFor(schema));
  if (r < 0.55) return deep(int(33, 6000));
  if (r < 0.6) return JSON.stringify({ data: JSON.parse(deep(int(20, 40))) });
  if (r < 0.65) return `{"x":"${'\\u0000'.repeat(int(1, 3))}"}`;
  if (r < 0.7) return `{"loginName":"\\ud800","name":"\\udc00x","text":"a\\ud83d"}`;
  if (r < 0.73) return JSON.stringify({ big: 'x'.repeat(int(20_001, 900_000)) });
  if (r < 0.76) return JSON.stringify(Array.from({ length: int(100, 25_000) }, (_, i) => i));
  if (r < 0.8) return pick(['{', '[', '"', 'nul', '{"a":1,}', '\u0000', '']);
  const base = valueFor(schema);
  return JSON.stringify(
    typeof base === 'object' && base !== null
      ? { ...base, [pick(['__proto__', 'a'])]: pick(HOSTILE_VALUES) }
      : base,
  );
}

async function database() {
  const adminUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
    await admin.connect();
    const name = `renshe_fuzz_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
    const handle = await openDatabase({ driver: 'postgres', url, poolSize: 20 });
    return {
      handle,
      label: 'PostgreSQL',
      async drop() {
        await handle.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  } catch {
    const handle = await openDatabase({ driver: 'pglite' });
    return { handle, label: 'PGlite (no PostgreSQL server answered)', drop: () => handle.close() };
  }
}

const t0 = Date.now();
const db = await database();
await migrateToLatest(db.handle.db);
const clock = { now: () => new Date('2026-11-23T02:00:00Z') };
const deps = await buildDeps({
  db: db.handle.db,
  clock,
  config: { sessionTtlHours: 12, cookieSecure: false, scrypt: TEST_SCRYPT },
});
await loadDemoData(deps);
const app = await buildApp({ deps, logLevel: 'silent' });
await app.ready();

async function cookieOf(loginName: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { loginName, password: DEMO_PASSWORD },
  });
  const c = res.cookies.find((x) => x.name === 'renshe_session');
  if (!c) throw new Error(`login ${loginName}: ${res.statusCode} ${res.body}`);
  return `renshe_session=${c.value}`;
}
const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;
const cookies = {
  citizen: await cookieOf(citizen),
  staff: await cookieOf('ty_gs'),
  admin: await cookieOf('admin'),
};
// Real resources for path parameters, so bodies reach the commands behind them.
const created = await app.inject({
  method: 'POST',
  url: '/api/v1/cases',
  headers: { cookie: cookies.citizen },
  payload: { matter: 'work-injury-recognition', materials: ['application_form', 'medical_diagnosis'] },
});
const caseNumber = created.json().caseNumber as string;
const fill = (path: string) =>
  path
    .replace('{caseNumber}', caseNumber)
    .replace('{bundleNumber}', 'B140100-20261123-000001-000000')
    .replace('{code}', pick(['newborn-birth', 'work-injury-recognition']))
    .replace('{matter}', 'birth-hukou-registration')
    .replace('{seq}', '1')
    .replace('{year}', '2031')
    .replace('{id}', '00000000-0000-4000-8000-000000000000');

const doc = app.swagger() as {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
};
const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops)
    .filter(
      ([m, op]) => ['post', 'put', 'patch'].includes(m) && op.requestBody?.content?.['application/json'],
    )
    .map(([m, op]) => ({
      method: m.toUpperCase(),
      path,
      schema: op.requestBody!.content!['application/json']!.schema,
    })),
);
// Logout ends the session it is sent with: fuzz it with a session of its own, last.
routes.sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));

let total = 0;
let failures = 0;
const samples: string[] = [];
const perRoute: string[] = [];
const deadline = t0 + TIME_BUDGET_MS;
for (const r of routes) {
  const statuses = new Map<number, number>();
  let sent = 0;
  const roleCookie = () =>
    r.path.endsWith('/logout') ? undefined : pick([cookies.citizen, cookies.staff, cookies.admin, undefined]);
  async function worker() {
    while (sent < PER_ROUTE && Date.now() < deadline) {
      sent++;
      const body = bodyFor(r.schema);
      const cookie = roleCookie();
      const res = await app.inject({
        method: r.method as 'POST',
        url: fill(r.path),
        payload: body,
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) {
        failures++;
        if (samples.length < 10)
          samples.push(
            `${r.method} ${r.path} ${body.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  total += sent;
  perRoute.push(
    `  ${r.method} ${r.path}: ${sent} (${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')})`,
  );
}
await app.close();
await db.drop();

console.log(`security fuzz on ${db.label}, seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(1)} s:`);
console.log(perRoute.join('\n'));
for (const s of samples) console.log(`  5xx: ${s}`);
const short = routes.length > 0 && total < routes.length * PER_ROUTE;
if (short) console.log(`  time budget reached: ${total} of ${routes.length * PER_ROUTE} bodies sent`);
console.log(
  `security fuzz: ${total} requests over ${routes.length} routes, ${failures} answers ≥ 500: ${failures === 0 && !short ? 'passed' : 'FAILED'}`,
);
process.exit(failures === 0 && !short ? 0 : 1);
