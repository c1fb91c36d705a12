/** A case stays on the matter version it started with when a new version is published. */
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { describeEachApp } from './testing.ts';

const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;

describeEachApp('matter versions', (t) => {
  it('keeps an open case on v1 after v2 (renamed state, shorter limit) is published', async () => {
    t.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    const me = await t.login(citizen);
    const old = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: me,
      payload: { matter: 'work-injury-recognition', materials: ['application_form', 'medical_diagnosis'] },
    });
    const oldNo = old.json().caseNumber;

    const versions = t.deps.matters.catalogue.get('work-injury-recognition') as Map<number, Matter>;
    const v1 = versions.get(1)!;
    const v2: Matter = structuredClone(v1);
    v2.version = 2;
    v2.timeLimits.statutory = { amount: 30, unit: 'calendar_days', basis: '测试用第二版' };
    v2.workflow.states.find((s) => s.id === 'accepted')!.label = '已受理（第二版）';
    versions.set(2, v2);
    try {
      const fresh = await t.call({
        method: 'POST',
        url: '/api/v1/cases',
        cookie: await t.login(citizen),
        payload: { matter: 'work-injury-recognition', materials: ['application_form', 'medical_diagnosis'] },
      });
      const newNo = fresh.json().caseNumber;
      const staff = await t.login('ty_gs');
      const a = (
        await t.call({
          method: 'POST',
          url: `/api/v1/cases/${oldNo}/actions`,
          cookie: staff,
          payload: { action: 'accept' },
        })
      ).json();
      const b = (
        await t.call({
          method: 'POST',
          url: `/api/v1/cases/${newNo}/actions`,
          cookie: staff,
          payload: { action: 'accept' },
        })
      ).json();
      expect(a).toMatchObject({ matter: { version: 1 }, stateLabel: '已受理', clock: { limit: '60日' } });
      expect(b).toMatchObject({
        matter: { version: 2 },
        stateLabel: '已受理（第二版）',
        clock: { limit: '30日' },
      });
    } finally {
      versions.delete(2);
    }
  });
});
