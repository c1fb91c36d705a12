import { countHit } from '@renshe/db';
import { expect, it } from 'vitest';
import { describeEachApp } from '../testing.ts';
import { runHousekeeping } from './housekeeping.ts';

describeEachApp('housekeeping', (t) => {
  it('deletes finished rate-limit windows and old login attempts, keeps current ones', async () => {
    const now = t.clock.now();
    await countHit(t.deps.db, 'test:old', 3600_000, new Date(now.getTime() - 3 * 86_400_000));
    await countHit(t.deps.db, 'test:now', 3600_000, now);
    await t.deps.db
      .insertInto('login_attempt')
      .values({ login_key: 'k', ip: null, succeeded: false, at: new Date(now.getTime() - 40 * 86_400_000) })
      .execute();
    const run = await runHousekeeping(t.deps, true);
    expect(run).toMatchObject({ rateLimits: 1, loginAttempts: 1, errors: [] });
    const left = await t.deps.db.selectFrom('rate_limit_hit').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['test:now']);
    expect(await runHousekeeping(t.deps)).toBeNull(); // at most hourly
  });
});
