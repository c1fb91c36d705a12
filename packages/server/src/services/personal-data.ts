/**
 * Wires personal-data protection (docs/SECURITY.md, "Personal data at rest"): the configured field cipher
 * and the personal field ids — every field a definition types as personal (`PERSONAL_FIELD_TYPES`: a bundle
 * form field or a matter result field of type `id_number` or `phone`) — handed to the repositories once per
 * process, before migrating (migration 0010 converts existing rows with them).
 */
import { PERSONAL_FIELD_TYPES } from '@renshe/cases/matter/matter-schema.ts';
import { type FieldCipher, usePersonalData } from '@renshe/db';
import type { AppDeps } from '../context.ts';

/** The ids of every personal field of every matter and bundle version (today: the parents' 身份证号, phone …). */
export function personalFieldIds(matters: AppDeps['matters']): Set<string> {
  const ids = new Set<string>();
  for (const versions of matters.catalogue.values())
    for (const m of versions.values())
      for (const f of m.result.fields) if (PERSONAL_FIELD_TYPES.has(f.type)) ids.add(f.id);
  for (const versions of matters.bundles.values())
    for (const b of versions.values())
      for (const f of b.form.flatMap((s) => s.fields)) if (PERSONAL_FIELD_TYPES.has(f.type)) ids.add(f.id);
  return ids;
}

/** Makes the repositories seal, open and hash personal values with `cipher`, for the catalogues' fields. */
export function protectPersonalData(cipher: FieldCipher, matters: AppDeps['matters']): void {
  usePersonalData({ cipher, personalFields: personalFieldIds(matters) });
}
