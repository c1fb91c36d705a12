import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import {
  ancestorsOf,
  childrenOf,
  findRegion,
  getRegion,
  isGbCode,
  listRegions,
  NATIONAL_ROOT_CODE,
  REGION_CODE_RE,
  type RegionLevel,
  regionContains,
  regionPath,
} from './index.ts';

const LEVEL_RANK: Record<RegionLevel, number> = { country: 0, province: 1, prefecture: 2, county: 3 };
const ALL = listRegions({ includeNonGb: true });
const codes = (list: { code: string }[]) => list.map((r) => r.code);

describe('data', () => {
  it('has 山西 11 prefecture cities (domain-cn.md §4.3)', () => {
    const cities = childrenOf('140000').map((r) => [r.code, r.name]);
    expect(cities).toEqual([
      ['140100', '太原市'],
      ['140200', '大同市'],
      ['140300', '阳泉市'],
      ['140400', '长治市'],
      ['140500', '晋城市'],
      ['140600', '朔州市'],
      ['140700', '晋中市'],
      ['140800', '运城市'],
      ['140900', '忻州市'],
      ['141000', '临汾市'],
      ['141100', '吕梁市'],
    ]);
    expect(childrenOf('140000', { includeNonGb: true })).toHaveLength(11);
  });

  it('has 117 GB county-level divisions in 山西 plus 5 NBS-only zones', () => {
    const counties = listRegions({ under: '140000' }).filter((r) => r.level === 'county');
    expect(counties).toHaveLength(117);
    const all = listRegions({ under: '140000', includeNonGb: true }).filter((r) => r.level === 'county');
    expect(codes(all.filter((r) => !r.gb))).toEqual(['140171', '140271', '140471', '140671', '140971']);
  });

  it('has 济宁市 under 山东省 with its 11 counties/districts', () => {
    expect(ancestorsOf('370800').map((r) => r.name)).toEqual(['山东省']);
    expect(childrenOf('370000').map((r) => r.name)).toEqual(['济宁市']);
    const names = childrenOf('370800').map((r) => r.name);
    expect(names).toHaveLength(11);
    expect(names).toEqual(
      expect.arrayContaining(['任城区', '兖州区', '曲阜市', '邹城市', '微山县', '梁山县']),
    );
    expect(findRegion('370871')).toMatchObject({ name: '济宁高新技术产业开发区', gb: false });
  });

  it('is sorted, unique, well-formed and closed under parent', () => {
    expect(codes(ALL)).toEqual([...codes(ALL)].sort());
    expect(new Set(codes(ALL)).size).toBe(ALL.length);
    for (const r of ALL) {
      expect(r.code).toMatch(REGION_CODE_RE);
      expect(r.name).not.toBe('市辖区');
      const parent = getRegion(r.parent!);
      expect(LEVEL_RANK[parent.level]).toBeLessThan(LEVEL_RANK[r.level]);
      expect(regionContains(parent.code, r.code)).toBe(true);
    }
  });

  it('flags county part 71–79 as non-GB and nothing else', () => {
    for (const r of ALL) {
      const part = Number(r.code.slice(4));
      const nbsOnly = r.level === 'county' && part >= 71 && part <= 79;
      expect(r.gb, r.code).toBe(!nbsOnly);
      expect(isGbCode(r.code)).toBe(!nbsOnly);
    }
    expect(findRegion('140171')).toMatchObject({ name: '山西转型综合改革示范区', gb: false });
    expect(isGbCode('140105')).toBe(true);
    expect(isGbCode(NATIONAL_ROOT_CODE)).toBe(false);
    expect(isGbCode('110101')).toBe(false); // GB, but outside the shipped data
  });
});

describe('lookups', () => {
  it('gets, paths and ancestors', () => {
    expect(getRegion('140105')).toEqual({
      code: '140105',
      name: '小店区',
      parent: '140100',
      level: 'county',
      gb: true,
    });
    expect(codes(ancestorsOf('140105'))).toEqual(['140000', '140100']);
    expect(ancestorsOf('140000')).toEqual([]);
    expect(regionPath('140105')).toBe('山西省 太原市 小店区');
    expect(regionPath('370883')).toBe('山东省 济宁市 邹城市');
    expect(getRegion(NATIONAL_ROOT_CODE)).toMatchObject({
      name: '中华人民共和国',
      level: 'country',
      parent: null,
    });
    expect(codes(childrenOf(NATIONAL_ROOT_CODE))).toEqual(['140000', '370000']);
  });

  it('throws REGION_NOT_FOUND for unknown codes', () => {
    for (const code of ['999999', '140101', '110101', 'abc', '']) {
      expect(findRegion(code)).toBeUndefined();
      let caught: unknown;
      try {
        getRegion(code);
      } catch (e) {
        caught = e;
      }
      expect(isDomainError(caught, 'REGION_NOT_FOUND')).toBe(true);
      expect((caught as { details: unknown }).details).toEqual({ code });
    }
    expect(() => childrenOf('999999')).toThrow(/未找到行政区划代码/);
    expect(() => listRegions({ under: '999999' })).toThrow(/999999/);
  });

  it('lists regions under a code, strictly below it', () => {
    expect(listRegions({ under: '140100' }).map((r) => r.name)).toEqual([
      '小店区',
      '迎泽区',
      '杏花岭区',
      '尖草坪区',
      '万柏林区',
      '晋源区',
      '清徐县',
      '阳曲县',
      '娄烦县',
      '古交市',
    ]);
    expect(listRegions({ under: NATIONAL_ROOT_CODE, includeNonGb: true })).toEqual(ALL);
    expect(listRegions().every((r) => r.gb)).toBe(true);
    expect(listRegions()).toHaveLength(ALL.length - 6);
  });
});

describe('regionContains', () => {
  const known = fc.constantFrom(NATIONAL_ROOT_CODE, ...codes(ALL));
  const anyCode = fc.stringMatching(/^\d{6}$/);

  it('is reflexive', () => {
    fc.assert(fc.property(fc.oneof(known, anyCode), (c) => regionContains(c, c)));
  });

  it('is transitive', () => {
    // Random triples almost never chain, so build chains: b is c or one of its enclosing codes, a likewise for b.
    const enclosing = (c: string) =>
      fc.constantFrom(c, `${c.slice(0, 4)}00`, `${c.slice(0, 2)}0000`, NATIONAL_ROOT_CODE);
    const chain = fc
      .oneof(known, anyCode)
      .chain((c) => enclosing(c).chain((b) => enclosing(b).map((a) => [a, b, c] as const)));
    fc.assert(
      fc.property(chain, ([a, b, c]) => regionContains(a, b) && regionContains(b, c) && regionContains(a, c)),
    );
    fc.assert(
      fc.property(
        known,
        known,
        known,
        (a, b, c) => !(regionContains(a, b) && regionContains(b, c)) || regionContains(a, c),
      ),
    );
  });

  it('is antisymmetric', () => {
    fc.assert(
      fc.property(fc.oneof(known, anyCode), fc.oneof(known, anyCode), (a, b) => {
        fc.pre(a !== b);
        return !(regionContains(a, b) && regionContains(b, a));
      }),
    );
  });

  it('agrees with the data hierarchy', () => {
    fc.assert(
      fc.property(known, known, (a, b) => {
        const expected = a === b || a === NATIONAL_ROOT_CODE || codes(ancestorsOf(b)).includes(a);
        return regionContains(a, b) === expected;
      }),
    );
  });

  it('puts a county in its prefecture and province, never in another province', () => {
    const counties = ALL.filter((r) => r.level === 'county');
    const provinces = ['140000', '370000'];
    fc.assert(
      fc.property(fc.constantFrom(...counties), fc.integer({ min: 11, max: 82 }), (county, pp) => {
        const prefecture = `${county.code.slice(0, 4)}00`;
        const province = `${county.code.slice(0, 2)}0000`;
        const other = `${pp}0000`;
        return (
          county.parent === prefecture &&
          getRegion(prefecture).parent === province &&
          provinces.includes(province) &&
          regionContains(prefecture, county.code) &&
          regionContains(province, county.code) &&
          (other === province || !regionContains(other, county.code)) &&
          !regionContains(county.code, prefecture)
        );
      }),
    );
  });

  it('rejects malformed codes', () => {
    expect(regionContains('140000', '14010')).toBe(false);
    expect(regionContains('14000', '140105')).toBe(false);
    expect(regionContains(NATIONAL_ROOT_CODE, 'x')).toBe(false);
  });
});
