/**
 * Lints a bundle definition against the matter catalogue: every part is a known matter created only by
 * bundles, field ids are unique and each names parts that exist, a region chosen in a form is a region
 * field, and the 90-day window has its number of days. Returns every problem (empty = clean).
 */
import type { Matter } from '../matter/matter-schema.ts';
import type { Bundle } from './bundle-schema.ts';

export function lintBundle(b: Bundle, matterOf: (code: string) => Matter | undefined): string[] {
  const p: string[] = [];
  const parts = new Set(b.parts.map((x) => x.matter));
  if (parts.size !== b.parts.length) p.push('联办子事项重复');
  for (const part of b.parts) {
    const m = matterOf(part.matter);
    if (!m) p.push(`子事项 ${part.matter} 不在事项目录中`);
    else if (!m.bundleOnly) p.push(`子事项 ${part.matter} 应标为 bundleOnly（仅由联办创建）`);
  }
  const fields = b.form.flatMap((s) => s.fields);
  const ids = new Set<string>();
  for (const f of fields) {
    if (ids.has(f.id)) p.push(`表单字段 ${f.id} 重复`);
    ids.add(f.id);
    for (const u of f.usedBy) if (!parts.has(u)) p.push(`表单字段 ${f.id} 引用的子事项 ${u} 不在本联办中`);
    if (f.type === 'enum' && !f.options?.length) p.push(`表单字段 ${f.id} 为选项类型但没有选项`);
  }
  for (const part of b.parts) {
    if (typeof part.regionFrom === 'object') {
      const f = fields.find((x) => x.id === (part.regionFrom as { field: string }).field);
      if (f?.type !== 'region') p.push(`子事项 ${part.matter} 的办理区划字段应为区划类型`);
    }
  }
  for (const c of b.eligibility) {
    if (c.check === 'within_days_of_birth' && !(Number(c.params.days) > 0))
      p.push(`条件 ${c.id} 须给出天数（params.days）`);
  }
  return p;
}
