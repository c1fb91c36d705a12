/**
 * Test helper: the text of a PDF as pdf.js reads it (pure npm, no poppler), to prove notices carry the
 * Chinese that was written. Used by the notice and case API tests.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What a PDF contains, as extracted. */
export interface Extracted {
  pages: number;
  /** All text, whitespace removed. */
  text: string;
  /** Text runs with their position (PDF user space: x from the left, y from the bottom). */
  items: { page: number; str: string; x: number; y: number; width: number }[];
  info: Record<string, unknown>;
}

export async function extract(pdf: Buffer): Promise<Extracted> {
  const task = getDocument({
    data: new Uint8Array(pdf),
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
  });
  const doc = await task.promise;
  try {
    const items: Extracted['items'] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      for (const it of content.items) {
        if (!('str' in it)) continue;
        items.push({ page: p, str: it.str, x: it.transform[4], y: it.transform[5], width: it.width });
      }
    }
    const { info } = await doc.getMetadata();
    return {
      pages: doc.numPages,
      text: norm(items.map((i) => i.str).join('')),
      items,
      info: info as Record<string, unknown>,
    };
  } finally {
    await task.destroy();
  }
}

/** Removes all whitespace (extracted runs split lines unpredictably). */
export const norm = (s: string) => s.replace(/\s+/gu, '');
