/**
 * Notices as PDF: each kind renders, embeds its font, and its text extracts back (with pdf.js, pure npm, so
 * this runs on any laptop) as the Chinese that was written; long text wraps inside the margins and across
 * pages; output is byte-identical for the same input.
 */
import { describe, expect, it } from 'vitest';
import { formatChineseDate, type Notice, noticeFontFiles, renderNoticePdf } from './notice-pdf.ts';
import { extract, norm } from './pdf-text.testing.ts';

const MM = 72 / 25.4;
const LEFT = 28 * MM;
const RIGHT = 595.28 - 26 * MM;
/** Footer text sits below this (PDF y, from the bottom of the page); the body is above it. */
const FOOTER_MAX_Y = 80;

const base = {
  documentNumber: '并人社工伤受〔2026〕第000123号',
  issuer: '太原市人力资源和社会保障局',
  addressee: '张三',
  caseNumber: 'GS-20261120-000123',
  issuedOn: '2026-11-23',
  sealText: '（印章）',
} as const;

const notices: Notice[] = [
  {
    ...base,
    kind: 'acceptance',
    title: '受理通知书',
    paragraphs: [
      '你（单位）于2026年11月20日提交的工伤认定申请及相关材料收悉。经审查，符合《工伤保险条例》规定的受理条件，本局决定予以受理。',
      '本局将自受理之日起60日内作出工伤认定决定，并书面通知你（单位）。',
    ],
    legalBasis: '《工伤保险条例》第十七条、第十八条、第二十条',
  },
  {
    ...base,
    kind: 'one_time_notice',
    title: '一次性告知书（补正材料通知书）',
    documentNumber: '并人社工伤补〔2026〕第000123号',
    paragraphs: [
      '你（单位）于2026年11月20日提交的工伤认定申请收悉。经审查，申请材料不齐全，现一次性告知你需要补正的下列材料：',
      '请自收到本告知书之日起15个工作日内一次性补正上述全部材料。逾期未补正且无正当理由的，视为放弃申请。',
    ],
    items: [
      { label: '《工伤认定申请表》原件', note: '须由申请人签字并加盖用人单位公章' },
      { label: '与用人单位存在劳动关系的证明材料', note: '劳动合同或社会保险缴费证明' },
      { label: '医疗机构出具的受伤后诊断证明书' },
    ],
    legalBasis: '依据《中华人民共和国行政许可法》第三十二条第一款第四项',
  },
  {
    ...base,
    kind: 'rejection',
    title: '不予受理决定书',
    documentNumber: '并人社工伤不受〔2026〕第000045号',
    addressee: '山西某某机械制造有限公司',
    paragraphs: [
      '你单位于2026年11月20日提交的工伤认定申请收悉。经审查，该申请已超过《工伤保险条例》第十七条规定的申请时限，且无正当理由，本局决定不予受理。',
      '如不服本决定，可以自收到本决定书之日起60日内向太原市人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼。',
    ],
    legalBasis: '《工伤保险条例》第十七条第一款、第二款',
  },
  {
    ...base,
    kind: 'decision',
    title: '认定工伤决定书',
    documentNumber: '并人社工伤认〔2026〕第000123号',
    paragraphs: [
      '张三于2026年10月8日在山西某某机械制造有限公司车间操作冲压设备时，左手被压伤，经太原市第二人民医院诊断为左手食指、中指开放性骨折。',
      '经调查核实，张三受到的事故伤害，符合《工伤保险条例》第十四条第（一）项之规定，属于工伤认定范围，现予以认定为工伤。',
      '如对本工伤认定决定不服，可自收到本决定书之日起60日内申请行政复议，或者6个月内提起行政诉讼。',
    ],
    legalBasis: '《工伤保险条例》第十四条第（一）项',
  },
];

describe('renderNoticePdf', () => {
  for (const notice of notices) {
    it(`renders ${notice.kind} (${notice.title}) with an embedded font and extractable Chinese text`, async () => {
      const started = performance.now();
      const pdf = await renderNoticePdf(notice);
      const ms = performance.now() - started;
      console.log(`${notice.title}: ${pdf.length} bytes in ${ms.toFixed(0)} ms`);

      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
      expect(raw).toMatch(/\/ToUnicode \d+ 0 R/);

      const { text, info, pages } = await extract(pdf);
      expect(pages).toBe(1);
      for (const s of [
        notice.title,
        notice.issuer,
        notice.documentNumber,
        `${notice.addressee}：`,
        `办件编号：${notice.caseNumber}`,
        '2026年11月23日',
        ...notice.paragraphs,
        ...(notice.items ?? []).flatMap((i) => [i.label, i.note ?? '']),
        notice.legalBasis ?? '',
      ]) {
        expect(text).toContain(norm(s));
      }
      expect(info.Title).toBe(notice.title);
      expect(info.Author).toBe(notice.issuer);
      expect(String(info.Subject)).toContain(notice.documentNumber);
      expect(info.CreationDate).toBe('D:20261122160000Z'); // 2026-11-23 00:00 Asia/Shanghai
    });
  }

  it('numbers the items and puts them between the lead-in and the instructions', async () => {
    const notice = notices[1]!;
    const { text } = await extract(await renderNoticePdf(notice));
    const at = (s: string) => text.indexOf(norm(s));
    expect(at(`1.${notice.items![0]!.label}（${notice.items![0]!.note}）`)).toBeGreaterThan(
      at(notice.paragraphs[0]!),
    );
    expect(at(`2.${notice.items![1]!.label}`)).toBeGreaterThan(at('1.'));
    expect(at(`3.${notice.items![2]!.label}`)).toBeGreaterThan(at('2.'));
    expect(at(notice.paragraphs[1]!)).toBeGreaterThan(at('3.'));
    expect(text).toContain(norm(`依据《中华人民共和国行政许可法》`));
    expect(text).not.toContain('法律依据：依据');
  });

  it('wraps a long paragraph inside the margins and over several numbered pages, losing nothing', async () => {
    const sentence =
      '根据《工伤保险条例》第十四条、第十五条的规定，职工在工作时间和工作场所内，因工作原因受到事故伤害的，应当认定为工伤；' +
      '患职业病的，经劳动能力鉴定委员会鉴定（含再次鉴定），亦按规定享受工伤保险待遇。ABC-2026/11（补正）“材料”……完毕。';
    const long = Array.from({ length: 24 }, (_, i) => `第${i + 1}段：${sentence}`).join('');
    const notice: Notice = { ...notices[0]!, paragraphs: [long] };
    const { items, pages } = await extract(await renderNoticePdf(notice));

    expect(pages).toBeGreaterThan(2);
    const footer = items.filter((i) => i.y < FOOTER_MAX_Y);
    const body = items.filter((i) => i.y >= FOOTER_MAX_Y && i.str.trim());
    expect(norm(body.map((i) => i.str).join(''))).toContain(norm(long));
    const footerText = norm(footer.map((i) => i.str).join(''));
    for (let p = 1; p <= pages; p++)
      expect(footerText).toContain(`办件编号：GS-20261120-000123第${p}页共${pages}页`);

    const lines = body.filter((i) => i.page > 1 || i.y < 600); // below the head on page 1
    expect(lines.length).toBeGreaterThan(60);
    for (const line of lines) {
      expect(line.x).toBeGreaterThanOrEqual(LEFT - 0.5);
      // pdf.js counts the character spacing after the last glyph too; the ink ends within a few points.
      expect(line.x + line.width, line.str).toBeLessThanOrEqual(RIGHT + 8);
    }
    // 行首禁则: no line starts with a closing mark.
    const lineStarts = lines.filter((l) => Math.abs(l.x - LEFT) < 0.5);
    expect(lineStarts.length).toBeGreaterThan(50);
    for (const l of lineStarts) expect(l.str, l.str).not.toMatch(/^[，。、；：？！）》」』】〕”’…]/u);
    // Justified: full lines end at the right margin.
    const full = lineStarts.filter((l) => l.x + l.width > RIGHT - 20);
    expect(full.length).toBeGreaterThan(lineStarts.length * 0.8);
  });

  it('never leaves the signature alone on a page: the last body lines go with it', async () => {
    for (let n = 10; n <= 24; n++) {
      const paragraphs = Array.from({ length: n }, (_, i) => `第${i + 1}项说明。`);
      const { legalBasis: _none, ...rest } = notices[0]!;
      const { items, pages } = await extract(await renderNoticePdf({ ...rest, paragraphs }));
      const last = norm(
        items
          .filter((i) => i.page === pages && i.y >= FOOTER_MAX_Y)
          .map((i) => i.str)
          .join(''),
      );
      expect(last, `${n} paragraphs`).toContain(`第${n}项说明。`);
      expect(last).toContain('2026年11月23日');
    }
  });

  it('splits an unbreakable run wider than the line instead of overflowing', async () => {
    const code = 'X'.repeat(120);
    const { text, items } = await extract(
      await renderNoticePdf({ ...notices[0]!, paragraphs: [`编号${code}。`] }),
    );
    expect(text).toContain(`编号${code}。`);
    for (const i of items) expect(i.x + i.width, i.str).toBeLessThanOrEqual(RIGHT + 8);
  });

  it('is deterministic: the same notice gives byte-identical PDFs', async () => {
    const a = await renderNoticePdf(notices[1]!);
    const b = await renderNoticePdf(structuredClone(notices[1]!));
    expect(a.equals(b)).toBe(true);
    const c = await renderNoticePdf({ ...notices[1]!, issuedOn: '2026-11-24' });
    expect(c.equals(a)).toBe(false);
  });

  it('renders without a seal, and rejects an invalid date', async () => {
    const { sealText: _ignored, ...unsealed } = notices[0]!;
    const { text } = await extract(await renderNoticePdf(unsealed));
    expect(text).toContain('2026年11月23日');
    expect(text).not.toContain('（印章）');
    await expect(renderNoticePdf({ ...notices[0]!, issuedOn: '2026-02-30' })).rejects.toMatchObject({
      code: 'DATE_INVALID',
    });
  });
});

describe('helpers', () => {
  it('formats business dates the official way', () => {
    expect(formatChineseDate('2026-11-23')).toBe('2026年11月23日');
    expect(formatChineseDate('2027-01-05')).toBe('2027年1月5日');
    expect(() => formatChineseDate('23/11/2026')).toThrow();
  });

  it('resolves the font files from the npm package', () => {
    const files = noticeFontFiles();
    expect(files.regular).toMatch(
      /@expo-google-fonts\/noto-serif-sc\/400Regular\/NotoSerifSC_400Regular\.ttf$/,
    );
    expect(files.bold).toMatch(/NotoSerifSC_700Bold\.ttf$/);
  });
});
