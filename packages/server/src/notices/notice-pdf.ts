/**
 * Official notices as PDF: 受理通知书, 一次性告知书（补正材料通知书）, 不予受理决定书 and a matter's result
 * (e.g. 认定工伤决定书).
 *
 * The layout follows the conventions of GB/T 9704 (党政机关公文格式) where they fit a notice: A4, 32/35/28/26 mm
 * margins, 16 pt (三号) body text, justified lines with two-character first-line indents, Chinese
 * line-breaking rules (no ，。）》 at the start of a line, no （《 at its end), the signature centred over a
 * date right-indented four characters, and the seal overlapping both.
 *
 * The text is set in Noto Serif SC (思源宋体, SIL OFL 1.1) from the npm package `@expo-google-fonts/noto-serif-sc`,
 * embedded as a TrueType subset, so the PDF reads the same on any machine and its text extracts back as the
 * Chinese that was written. No system font is used.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { startOfShanghaiDay, toEpochDay } from '@renshe/domain/dates.ts';
import PDFDocument from 'pdfkit';

/** Which notice this is. `deferred_acceptance` mirrors the matter schema's action notices. */
export type NoticeKind =
  | 'acceptance'
  | 'one_time_notice'
  | 'rejection'
  | 'decision'
  | 'deferred_acceptance'
  | 'termination'
  | 'revocation';

/** One numbered entry, e.g. a material the applicant must supply for an 一次性告知书. */
export interface NoticeItem {
  /** e.g. `《工伤认定申请表》原件`. */
  label: string;
  /** Printed after the label in full-width parentheses, e.g. `须由用人单位盖章`. */
  note?: string;
}

/** Everything printed on a notice. The renderer adds no text of its own beyond labels such as 办件编号. */
export interface Notice {
  kind: NoticeKind;
  /** The document's name, e.g. `受理通知书`, `认定工伤决定书`. */
  title: string;
  /** 文书编号, e.g. `并人社工伤受〔2026〕第000123号`. */
  documentNumber: string;
  /** The issuing authority, e.g. `太原市人力资源和社会保障局`; also the PDF's Author. */
  issuer: string;
  /** The applicant (申请人) the notice is addressed to; printed as `张三：`. */
  addressee: string;
  /** 办件编号, printed in every page's footer. */
  caseNumber: string;
  /** Body paragraphs, in order; each gets a two-character first-line indent. A `\n` starts a new paragraph. */
  paragraphs: string[];
  /** Numbered entries (1. 2. …), e.g. the missing materials of an 一次性告知书. */
  items?: NoticeItem[];
  /**
   * How many paragraphs come before the numbered items; the rest follow them. Defaults to 1 (a lead-in such as
   * 「请补正下列材料：」 then the list, then the instructions), or to all paragraphs when there is only one.
   */
  itemsAfterParagraph?: number;
  /** The legal basis, printed after the body; prefixed with `法律依据：` unless it starts with 依据/根据. */
  legalBasis?: string;
  /** Business date `YYYY-MM-DD` (Asia/Shanghai); printed as `2026年11月23日` and used as the PDF's dates. */
  issuedOn: string;
  /**
   * When given, a red seal (the issuer's name on the arc, a star, this text below it) is drawn over the
   * signature, e.g. `（印章）`. It is a visual placeholder, not an electronic signature.
   */
  sealText?: string;
}

const KIND_SUBJECT: Record<NoticeKind, string> = {
  acceptance: '受理通知',
  one_time_notice: '一次性告知（补正材料）',
  rejection: '不予受理决定',
  decision: '办理结果决定',
  deferred_acceptance: '容缺受理通知',
  termination: '终止办理告知',
  revocation: '撤销决定',
};

const REGULAR_FONT = '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf';
const BOLD_FONT = '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf';

/**
 * Absolute paths of the two font files the notices embed, resolved through Node's module resolution from this
 * file (so they must be installed in node_modules; a bundler must copy them or keep the package external).
 */
export function noticeFontFiles(): { regular: string; bold: string } {
  const require = createRequire(import.meta.url);
  try {
    return { regular: require.resolve(REGULAR_FONT), bold: require.resolve(BOLD_FONT) };
  } catch (e) {
    throw new Error(
      `Notice fonts not found: install @expo-google-fonts/noto-serif-sc (a dependency of @renshe/server, run npm ci). ${String(e)}`,
    );
  }
}

let fontCache: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

/** Both font files, read once per process (about 30 MB kept in memory). */
function loadFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  if (!fontCache) {
    const files = noticeFontFiles();
    fontCache = Promise.all([readFile(files.regular), readFile(files.bold)]).then(([regular, bold]) => ({
      regular,
      bold,
    }));
    fontCache.catch(() => {
      fontCache = undefined;
    });
  }
  return fontCache;
}

/**
 * A business date `YYYY-MM-DD` as printed on official documents: `2026-11-03` → `2026年11月3日`.
 * Throws DomainError `DATE_INVALID` for anything but a real calendar date.
 */
export function formatChineseDate(date: string): string {
  toEpochDay(date);
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// ---------------------------------------------------------------------------------------------------------------
// Page geometry (points; 1 mm = 72 / 25.4 pt).

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = 28 * MM;
const RIGHT = PAGE_WIDTH - 26 * MM;
const TOP = 32 * MM;
const BOTTOM = PAGE_HEIGHT - 35 * MM;
const WIDTH = RIGHT - LEFT;
/** 三号 body text; a 27 pt line pitch (GB/T 9704's 22-line grid would be 29 pt) keeps most notices on one page. */
const BODY_SIZE = 16;
const BODY_LINE = 27;
const ISSUER_SIZE = 20;
const TITLE_SIZE = 22;
const FOOTER_SIZE = 10.5;
const FOOTER_Y = PAGE_HEIGHT - 22 * MM;
const SEAL_RADIUS = 21 * MM;
const SEAL_RED = '#d2231c';

// ---------------------------------------------------------------------------------------------------------------
// Line breaking for Chinese text.

/** Characters that must not begin a line (行首禁则). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’…—·％‰,.;:?!)]}%']);
/** Characters that must not end a line (行尾禁则). */
const NO_LINE_END = new Set([...'（《「『【〔〈“‘([{']);

/** A run that is never split (a Latin word, a number, a `……`) or a single Chinese character or space. */
const TOKEN_RE = /\s+|[A-Za-z0-9][A-Za-z0-9.,:/_\-+#%@&]*|…+|—+|./gsu;

interface Token {
  text: string;
  width: number;
  space: boolean;
}

type Doc = PDFKit.PDFDocument;

function tokenize(doc: Doc, text: string): Token[] {
  const tokens: Token[] = [];
  for (const [raw] of text.matchAll(TOKEN_RE)) {
    const space = /^\s+$/u.test(raw) && !raw.includes('\u3000');
    const t = space ? ' ' : raw;
    tokens.push({ text: t, width: doc.widthOfString(t), space });
  }
  return tokens;
}

/** Splits tokens wider than `max` into single characters so nothing overflows the line. */
function splitOversized(doc: Doc, tokens: Token[], max: number): Token[] {
  return tokens.flatMap((t) =>
    t.width <= max || t.space
      ? [t]
      : [...t.text].map((c) => ({ text: c, width: doc.widthOfString(c), space: false })),
  );
}

const startsBadly = (t: Token | undefined) => t !== undefined && NO_LINE_START.has([...t.text][0]!);
const endsBadly = (t: Token | undefined) => t !== undefined && NO_LINE_END.has([...t.text].at(-1)!);

/**
 * Greedy line breaking with 行首/行尾禁则: when a line would start with a closing mark (or end with an opening
 * one), the preceding character moves down with it. `widthFor(i)` is the width available to line `i`.
 */
function breakLines(doc: Doc, text: string, widthFor: (line: number) => number): string[] {
  const tokens = splitOversized(doc, tokenize(doc, text), Math.min(widthFor(0), widthFor(1)));
  const lines: string[] = [];
  let line: Token[] = [];
  let used = 0;
  const flush = () => {
    while (line.at(-1)?.space) line.pop();
    lines.push(line.map((t) => t.text).join(''));
    line = [];
    used = 0;
  };
  for (const t of tokens) {
    if (t.space && line.length === 0) continue;
    if (line.length === 0 || used + t.width <= widthFor(lines.length) + 0.01) {
      line.push(t);
      used += t.width;
      continue;
    }
    if (t.space) {
      flush();
      continue;
    }
    const carry: Token[] = [];
    if (startsBadly(t)) {
      let moved: Token | undefined;
      do {
        moved = line.pop();
        if (moved) carry.unshift(moved);
      } while (line.length > 1 && startsBadly(moved));
    }
    while (line.length > 1 && endsBadly(line.at(-1))) carry.unshift(line.pop()!);
    while (carry[0]?.space) carry.shift();
    if (line.length === 0) {
      // Nothing could stay behind (a line of closing marks): keep them where they were.
      line = carry;
      flush();
      line = [t];
      used = t.width;
      continue;
    }
    flush();
    line = [...carry, t];
    used = line.reduce((s, x) => s + x.width, 0);
  }
  if (line.length) flush();
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Flow: the document as rows of fixed height, paginated before anything is drawn.

interface Row {
  height: number;
  draw: (y: number) => void;
  /** Vertical space only: dropped at the top of a page. */
  spacer?: boolean;
  /** How many rows before this one must move with it when it starts a new page (keeps 落款 with the body). */
  keepWithPrevious?: number;
}

class Flow {
  readonly rows: Row[] = [];
  constructor(readonly doc: Doc) {}

  space(height: number): void {
    this.rows.push({ height, draw: () => {}, spacer: true });
  }

  /**
   * A paragraph: the first line starts `firstIndent` from the left margin, the others `indent`; every line but
   * the last is justified to the right margin by spreading the slack between characters.
   */
  paragraph(font: string, text: string, size: number, lineHeight: number, firstIndent = 0, indent = 0): void {
    const { doc } = this;
    doc.font(font).fontSize(size);
    const lines = breakLines(doc, text, (i) => WIDTH - (i === 0 ? firstIndent : indent));
    lines.forEach((line, i) => {
      const x = LEFT + (i === 0 ? firstIndent : indent);
      let spacing = 0;
      const glyphs = [...line].length;
      if (i < lines.length - 1 && glyphs > 1) {
        const slack = RIGHT - x - doc.widthOfString(line);
        if (slack > 0 && slack / (glyphs - 1) <= size * 0.5) spacing = slack / (glyphs - 1);
      }
      this.rows.push({
        height: lineHeight,
        draw: (y) => {
          doc.font(font).fontSize(size).text(line, x, y, { lineBreak: false, characterSpacing: spacing });
        },
      });
    });
  }

  /** Lines centred (`center`) or flush right (`right`), wrapped when too wide. */
  aligned(font: string, text: string, size: number, lineHeight: number, align: 'center' | 'right'): void {
    const { doc } = this;
    doc.font(font).fontSize(size);
    for (const line of breakLines(doc, text, () => WIDTH)) {
      const w = doc.widthOfString(line);
      const x = align === 'center' ? LEFT + (WIDTH - w) / 2 : RIGHT - w;
      this.rows.push({
        height: lineHeight,
        draw: (y) => {
          doc.font(font).fontSize(size).text(line, x, y, { lineBreak: false });
        },
      });
    }
  }

  /** Splits the rows into pages: a row that does not fit starts a new page, with its kept predecessors. */
  paginate(): Row[][] {
    const pages: Row[][] = [[]];
    let used = 0;
    for (const row of this.rows) {
      let page = pages.at(-1)!;
      if (used + row.height > BOTTOM - TOP + 0.01 && page.length > 0) {
        let from = page.length;
        for (let kept = 0; kept < (row.keepWithPrevious ?? 0) && from > 1; )
          if (!page[--from]!.spacer) kept++;
        const moved = page.splice(from);
        while (moved[0]?.spacer) moved.shift();
        page = [...moved];
        pages.push(page);
        used = moved.reduce((s, r) => s + r.height, 0);
      }
      if (row.spacer && page.length === 0) continue;
      page.push(row);
      used += row.height;
    }
    return pages;
  }
}

/** A seal: red ring, the issuer's name along the upper arc, a star, `text` under the star. */
function drawSeal(doc: Doc, cx: number, cy: number, issuer: string, text: string): void {
  const r = SEAL_RADIUS;
  doc.save();
  doc.fillColor(SEAL_RED).strokeColor(SEAL_RED).fillOpacity(0.85).strokeOpacity(0.85);
  doc.lineWidth(2.8).circle(cx, cy, r).stroke();

  const star: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const len = i % 2 === 0 ? r * 0.3 : r * 0.12;
    star.push([cx + len * Math.cos(a), cy + len * Math.sin(a)]);
  }
  doc.polygon(...star).fill();

  const chars = [...issuer];
  const n = chars.length;
  if (n > 0) {
    const span = Math.min(240, Math.max(60, n * 19)); // degrees of arc the name covers
    const inner = r - 5; // top of the characters
    const pitch = ((inner - 8) * span * Math.PI) / 180 / Math.max(n - 1, 1);
    const size = Math.max(7, Math.min(13, pitch * 0.9, ((inner * span * Math.PI) / 180 / n) * 0.95));
    doc.font('bold').fontSize(size);
    chars.forEach((c, i) => {
      const angle = n === 1 ? 0 : -span / 2 + (span * i) / (n - 1);
      doc.save();
      doc.translate(cx, cy).rotate(angle);
      doc.text(c, -doc.widthOfString(c) / 2, -inner, { lineBreak: false });
      doc.restore();
    });
  }
  if (text) {
    doc.font('regular').fontSize(9);
    const w = doc.widthOfString(text);
    doc.text(text, cx - w / 2, cy + r * 0.58, { lineBreak: false });
  }
  doc.restore();
}

/** Collects a pdfkit document's output into one Buffer. */
function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * Renders a notice as an A4 PDF with the Chinese font embedded (subset). A pure function of its input: the
 * PDF's creation and modification dates are 00:00 Asia/Shanghai on `issuedOn`, and the file ID derives from
 * the metadata, so the same notice always yields byte-identical output.
 *
 * Layout: issuer and title centred, 文书编号 right-aligned, `addressee：`, body paragraphs with the numbered items
 * after `itemsAfterParagraph` of them, the legal basis, then the issuer centred over the date at the bottom
 * right with the optional seal over both. Each page's footer shows the 办件编号 and, when there is more than
 * one page, `第 i 页 共 n 页`.
 *
 * Throws DomainError `DATE_INVALID` when `issuedOn` is not a real `YYYY-MM-DD` date.
 */
export async function renderNoticePdf(notice: Notice): Promise<Buffer> {
  const issued = startOfShanghaiDay(notice.issuedOn);
  const dateText = formatChineseDate(notice.issuedOn);
  const fonts = await loadFonts();

  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: notice.title,
      Author: notice.issuer,
      Subject: `${KIND_SUBJECT[notice.kind]}：${notice.documentNumber}`,
      Keywords: `${notice.documentNumber}; 办件编号 ${notice.caseNumber}`,
      Creator: 'renshe notices',
      Producer: 'PDFKit',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const out = collect(doc);
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const flow = new Flow(doc);

  // Head: issuer, title, 文书编号.
  flow.aligned('bold', notice.issuer, ISSUER_SIZE, ISSUER_SIZE * 1.6, 'center');
  flow.aligned('bold', notice.title, TITLE_SIZE, TITLE_SIZE * 1.6, 'center');
  flow.space(BODY_LINE * 0.3);
  flow.aligned('regular', notice.documentNumber, BODY_SIZE, BODY_LINE, 'right');
  flow.space(BODY_LINE * 0.5);

  // Body.
  flow.paragraph('regular', `${notice.addressee}：`, BODY_SIZE, BODY_LINE);
  const paragraphs = notice.paragraphs
    .flatMap((p) => p.split('\n'))
    .map((p) => p.replace(/^[\s\u3000]+/u, '').trimEnd())
    .filter((p) => p.length > 0);
  const items = notice.items ?? [];
  const itemsAt = Math.max(
    0,
    Math.min(
      paragraphs.length,
      notice.itemsAfterParagraph ?? (paragraphs.length > 1 ? 1 : paragraphs.length),
    ),
  );
  const indent = BODY_SIZE * 2;
  const writeItems = () => {
    items.forEach((item, i) => {
      const label = `${i + 1}.`;
      doc.font('regular').fontSize(BODY_SIZE);
      const hang = indent + doc.widthOfString(`${label} `);
      const note = item.note ? `（${item.note}）` : '';
      flow.paragraph('regular', `${label} ${item.label}${note}`, BODY_SIZE, BODY_LINE, indent, hang);
    });
  };
  paragraphs.forEach((p, i) => {
    if (i === itemsAt) writeItems();
    flow.paragraph('regular', p, BODY_SIZE, BODY_LINE, indent, 0);
  });
  if (itemsAt >= paragraphs.length) writeItems();
  if (notice.legalBasis) {
    const basis = notice.legalBasis.trim();
    const text = /^(依据|根据)/u.test(basis) ? basis : `法律依据：${basis}`;
    flow.paragraph('regular', text, BODY_SIZE, BODY_LINE, indent, 0);
  }

  // 落款: the issuer centred over the date, the date right-indented four characters; the seal (if any) sits
  // over both with them below its centre, clear of the body above. Kept with the last two body lines.
  doc.font('regular').fontSize(BODY_SIZE);
  const dateWidth = doc.widthOfString(dateText);
  const issuerWidth = doc.widthOfString(notice.issuer);
  let center = RIGHT - BODY_SIZE * 4 - dateWidth / 2;
  if (center + issuerWidth / 2 > RIGHT) center = RIGHT - issuerWidth / 2;
  const sealed = notice.sealText !== undefined;
  const gap = sealed ? SEAL_RADIUS - BODY_LINE * 0.5 : BODY_LINE;
  flow.rows.push({
    height: gap + BODY_LINE * 2,
    keepWithPrevious: 2,
    draw: (top) => {
      const y = top + gap;
      doc.font('regular').fontSize(BODY_SIZE).fillColor('black');
      doc.text(notice.issuer, Math.max(LEFT, center - issuerWidth / 2), y, { lineBreak: false });
      doc.text(dateText, center - dateWidth / 2, y + BODY_LINE, { lineBreak: false });
      if (sealed) drawSeal(doc, center, y + BODY_LINE * 0.4, notice.issuer, notice.sealText ?? '');
    },
  });

  const pages = flow.paginate();
  pages.forEach((rows, i) => {
    doc.addPage({ size: 'A4', margin: 0 });
    let y = TOP;
    for (const row of rows) {
      row.draw(y);
      y += row.height;
    }
    // Footer: 办件编号, and page numbers when there is more than one page.
    doc.font('regular').fontSize(FOOTER_SIZE).fillColor('#444444');
    doc.text(`办件编号：${notice.caseNumber}`, LEFT, FOOTER_Y, { lineBreak: false });
    if (pages.length > 1) {
      const pageText = `第 ${i + 1} 页 共 ${pages.length} 页`;
      doc.text(pageText, RIGHT - doc.widthOfString(pageText), FOOTER_Y, { lineBreak: false });
    }
    doc.fillColor('black');
  });
  doc.end();
  return out;
}
