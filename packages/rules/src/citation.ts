/**
 * A typed legal citation. Every parameter value carries one: who issued it, which document, which article
 * or paragraph, when it was published and when it takes effect, and the seed or reference file it was
 * read from — so a policy officer can check each number against its source.
 */
import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** A citation as written in a parameter file. */
export const CitationSchema = z.strictObject({
  /** 发文机关. */
  body: z.string().min(1),
  /** 文件名称. */
  title: z.string().min(1),
  /** 文号 (when known). */
  number: z.string().min(1).optional(),
  /** 条款 / 段落. */
  article: z.string().min(1),
  /** 公布日期 (the earliest date the value could be known). */
  published: date,
  /** 施行日期. */
  effective: date,
  /** The seed document or reference file the value was read from. */
  source: z.string().min(1),
  url: z.string().optional(),
});

/** A typed citation. */
export type Citation = z.infer<typeof CitationSchema>;

/** One-line Chinese rendering: 山西省人社厅《…》（文号）第…条. */
export function formatCitation(c: Citation): string {
  return `${c.body}《${c.title}》${c.number ? `（${c.number}）` : ''}${c.article}`;
}
