/**
 * The case engine against every matter of the catalogue: the one-time-notice rule per matter, and a
 * property test that no illegal transition is ever accepted.
 */
import { type CaseCommand, decide, materialsOnFile, stateOf } from '@renshe/cases/engine/case-engine.ts';
import type { CaseEvent } from '@renshe/cases/engine/case-record.ts';
import type { ActorRole } from '@renshe/cases/engine/roles.ts';
import { ACTOR_ROLES } from '@renshe/cases/matter/matter-schema.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestMatter, loadMatters } from './index.ts';

const catalogue = loadMatters();
const at = (minutes: number) => new Date(Date.UTC(2024, 8, 2, 1, minutes));
const actor = (role: ActorRole) => ({ id: `${role}-1`, role });

describe.each([...catalogue.keys()])('matter %s', (code) => {
  const matter = latestMatter(catalogue, code);
  const action = (kind: string) => matter.workflow.actions.find((a) => a.kind === kind)!;
  const sharedOnly = matter.materials
    .filter((m) => m.source === 'shared')
    .map((m) => ({ id: m.id, via: 'shared' as const, evidence: `${m.sourceRef}#demo` }));
  const applicantMaterials = matter.materials.filter((m) => m.required && m.source !== 'shared');

  it('issues one one-time notice listing everything missing, and refuses a second notice that adds an item', () => {
    const events: CaseEvent[] = [];
    const apply = (cmd: CaseCommand) => {
      events.push(decide(matter, { events }, cmd));
    };
    apply({ action: action('submit').id, actor: actor('applicant'), at: at(0), materials: sharedOnly });
    const correction = action('request_correction');
    if (applicantMaterials.length === 0) {
      // Everything comes from shared data: the matter must be accepted, not sent back.
      expect(() =>
        decide(matter, { events }, { action: correction.id, actor: actor('intake'), at: at(1) }),
      ).toThrow(expect.objectContaining({ code: 'MATERIALS_COMPLETE' }));
      return;
    }
    apply({ action: correction.id, actor: actor('intake'), at: at(1), opinion: '材料不齐' });
    const notice = events.at(-1)!;
    const blocking = applicantMaterials
      .filter((m) => !(m.deferrable && matter.deferredAcceptance.allowed))
      .map((m) => m.id);
    expect(notice.missing?.sort()).toEqual(blocking.sort());
    // The applicant supplements one item; staff may repeat the notice for what is still missing…
    apply({
      action: action('supplement').id,
      actor: actor('applicant'),
      at: at(2),
      materials: [{ id: blocking[0]!, via: 'applicant' }],
    });
    // …but may not add a material that was on file at the first notice (a shared one judged inadequate).
    const added = sharedOnly[0]?.id ?? blocking[0]!;
    expect(() =>
      decide(
        matter,
        { events },
        {
          action: correction.id,
          actor: actor('intake'),
          at: at(3),
          inadequate: [added],
          opinion: '再次补正',
        },
      ),
    ).toThrow(
      expect.objectContaining({
        code: blocking.length > 1 || sharedOnly.length ? 'ONE_TIME_NOTICE_VIOLATION' : 'MATERIALS_COMPLETE',
      }),
    );
  });

  it('never accepts an action outside its from-states or roles (property)', () => {
    const actions = matter.workflow.actions;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            a: fc.integer({ min: 0, max: actions.length - 1 }),
            r: fc.constantFrom(...ACTOR_ROLES),
          }),
          { maxLength: 30 },
        ),
        (steps) => {
          const events: CaseEvent[] = [];
          steps.forEach(({ a, r }, i) => {
            const act = actions[a]!;
            const state = stateOf(matter, { events });
            const onFile = materialsOnFile({ events });
            const cmd: CaseCommand = {
              action: act.id,
              actor: actor(r),
              at: at(i),
              opinion: '意见',
              outcome: act.outcomes?.[0]?.id,
              pause: {
                reason: matter.workflow.states.find((s) => s.id === act.to)?.pauseReasons?.[0]?.reason ?? '',
              },
              materials:
                act.kind === 'submit' || act.kind === 'supplement'
                  ? matter.materials
                      .filter((m) => !onFile.has(m.id))
                      .map((m) => ({ id: m.id, via: 'applicant' as const }))
                  : undefined,
            };
            try {
              const e = decide(matter, { events }, cmd);
              expect(act.from).toContain(state);
              expect(act.roles).toContain(r);
              expect(e.from).toBe(state);
              events.push(e);
            } catch (err) {
              const code = (err as { code?: string }).code;
              if (!act.from.includes(state)) expect(code).toBe('CASE_ACTION_NOT_ALLOWED');
              else if (!act.roles.includes(r)) expect(code).toBe('CASE_ROLE_NOT_ALLOWED');
              else expect(code).toMatch(/^[A-Z_]+$/);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('告知承诺 and 撤销 in the engine', () => {
  const matter = latestMatter(catalogue, 'personal-insurance-registration');
  const submit = (signedBy?: string) =>
    decide(
      matter,
      { events: [] },
      {
        action: 'submit',
        actor: actor('applicant'),
        at: at(0),
        materials: [
          { id: 'registration_form', via: 'applicant' },
          { id: 'locality_proof', via: 'commitment' },
          { id: 'identity', via: 'shared', evidence: 'identity_registry#demo' },
          { id: 'existing_insurance', via: 'shared', evidence: 'social_insurance_registration#demo' },
        ],
        ...(signedBy !== undefined ? { commitment: { signedBy } } : {}),
      },
    );

  it('requires a signature for a commitment and records the matter text verbatim', () => {
    expect(() => submit()).toThrow(expect.objectContaining({ code: 'COMMITMENT_NOT_SIGNED' }));
    expect(() => submit('  ')).toThrow(expect.objectContaining({ code: 'COMMITMENT_NOT_SIGNED' }));
    expect(submit(' 刘芳 ').commitment).toEqual({
      text: matter.commitment.text,
      signedBy: '刘芳',
      materials: ['locality_proof'],
    });
  });

  it('revokes only a granted result', () => {
    for (const [outcome, ok] of [
      ['registered', true],
      ['not_registered', false],
    ] as const) {
      const events: CaseEvent[] = [submit('刘芳')];
      const apply = (cmd: CaseCommand) => events.push(decide(matter, { events }, cmd));
      apply({ action: 'accept', actor: actor('intake'), at: at(1) });
      apply({ action: 'decide', actor: actor('handler'), at: at(2), outcome, opinion: '审查' });
      const revoke = () =>
        decide(
          matter,
          { events },
          { action: 'revoke', actor: actor('handler'), at: at(3), opinion: '承诺不实' },
        );
      if (ok) expect(revoke()).toMatchObject({ kind: 'revoke', from: 'completed', to: 'revoked' });
      else expect(revoke).toThrow(expect.objectContaining({ code: 'REVOKE_NOTHING_GRANTED' }));
    }
  });
});
