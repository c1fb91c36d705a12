/** Maps rows to API views. */

import type { AccountRow } from '@renshe/db';
import { maskIdNumber } from '@renshe/domain/ids/id-number.ts';
import type { z } from 'zod';
import type { AccountView } from './schemas.ts';

/** An account for the API; a citizen's ID number is masked except for the person themself. */
export function accountView(a: AccountRow, opts: { unmasked?: boolean } = {}): z.infer<typeof AccountView> {
  return {
    id: a.id,
    kind: a.kind,
    loginName: a.kind === 'citizen' && !opts.unmasked ? maskIdNumber(a.login_name) : a.login_name,
    displayName: a.display_name,
    departmentCode: a.department_code,
    regionCode: a.region_code,
    roles: a.roles,
  };
}
