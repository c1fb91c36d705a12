/**
 * The full life of a 工伤认定 case through the engine: submission with shared data, one-time notice,
 * supplement, acceptance, evidence, a suspension awaiting a court across National Day 2024 (the clock
 * does not run), resumption, decision and delivery — with the timeline and clocks the applicant sees.
 */
import { type CaseCommand, decide } from '@renshe/cases/engine/case-engine.ts';
import type { CaseEvent } from '@renshe/cases/engine/case-record.ts';
import { caseView } from '@renshe/cases/engine/case-view.ts';
import { createDefaultCalendar } from '@renshe/domain/calendar/index.ts';
import { describe, expect, it } from 'vitest';
import { latestMatter, loadMatters } from './index.ts';

const matter = latestMatter(loadMatters(), 'work-injury-recognition');
const calendar = createDefaultCalendar();
/** 09:00 Beijing time on a business date. */
const on = (date: string) => new Date(`${date}T09:00:00+08:00`);

describe('工伤认定: a whole case', () => {
  const events: CaseEvent[] = [];
  const apply = (cmd: Omit<CaseCommand, 'actor'> & { role: CaseCommand['actor']['role'] }) => {
    const { role, ...rest } = cmd;
    events.push(
      decide(
        matter,
        { events },
        { ...rest, actor: { id: `${role}-1`, role, unit: '太原市人社局工伤保险科' } },
      ),
    );
    return events.at(-1)!;
  };

  it('runs from application to delivery with the clock paused while awaiting a court', () => {
    apply({
      action: 'submit',
      role: 'applicant',
      at: on('2024-09-02'),
      materials: [
        { id: 'application_form', via: 'applicant' },
        { id: 'labour_relation_proof', via: 'shared', evidence: 'social_insurance_registration#140105-0001' },
        { id: 'identity', via: 'shared', evidence: 'identity_registry#140105199003071234' },
      ],
    });
    const notice = apply({ action: 'request_correction', role: 'intake', at: on('2024-09-03') });
    expect(notice.missing).toEqual(['medical_diagnosis']);
    apply({
      action: 'supplement',
      role: 'applicant',
      at: on('2024-09-05'),
      materials: [{ id: 'medical_diagnosis', via: 'applicant' }],
    });
    apply({ action: 'accept', role: 'intake', at: on('2024-09-06') });

    // 60 calendar days from 2024-09-06 → 2024-11-05 (a Tuesday, a working day).
    let v = caseView(matter, { events }, calendar, on('2024-09-10'));
    expect(v.clock).toMatchObject({
      state: 'running',
      startDate: '2024-09-06',
      deadline: '2024-11-05',
      usedUnits: 4,
    });
    expect(v.promisedClock?.deadline).toBe('2024-09-23'); // 15 days → 2024-09-21 (Sat) moves to the next working day

    apply({ action: 'notify_evidence', role: 'handler', at: on('2024-09-10') });
    apply({ action: 'investigate', role: 'handler', at: on('2024-09-20') });
    apply({
      action: 'suspend',
      role: 'handler',
      at: on('2024-09-27'),
      opinion: '需等待法院对劳动关系的判决',
      pause: { reason: '等待司法机关结论' },
    });
    v = caseView(matter, { events }, calendar, on('2024-10-05'));
    expect(v.state).toBe('suspended');
    expect(v.clock!.state).toBe('paused');
    const usedAtPause = caseView(matter, { events }, calendar, on('2024-09-27')).clock!.usedUnits;
    expect(v.clock!.usedUnits).toBe(usedAtPause); // the clock does not run while paused

    apply({ action: 'resume', role: 'handler', at: on('2024-10-17') });
    v = caseView(matter, { events }, calendar, on('2024-10-17'));
    expect(v.clock!.state).toBe('running');
    expect(v.clock!.totalPausedUnits).toBe(20); // 2024-09-28 … 2024-10-17
    expect(v.clock!.deadline).toBe('2024-11-25'); // 2024-11-05 + 20 days

    apply({
      action: 'decide',
      role: 'reviewer',
      at: on('2024-10-21'),
      outcome: 'recognized',
      opinion: '符合工伤保险条例第十四条第（一）项',
    });
    apply({ action: 'deliver', role: 'handler', at: on('2024-10-22') });
    v = caseView(matter, { events }, calendar, on('2024-12-01'));
    expect(v).toMatchObject({ state: 'delivered', terminal: true, outcome: { id: 'recognized' } });
    expect(v.clock).toMatchObject({
      state: 'stopped',
      stoppedOn: '2024-10-21',
      stoppedOnTime: true,
      overdue: false,
    });
    expect(v.timeline.map((t) => t.actionLabel)).toEqual([
      '提交申请',
      '一次性告知补正',
      '补正材料',
      '受理',
      '限期举证通知',
      '调查取证',
      '中止认定',
      '恢复认定',
      '作出认定决定',
      '送达',
    ]);
    expect(v.timeline[6]).toMatchObject({
      stateLabel: '中止认定',
      pause: { reason: '等待司法机关结论', basis: '工伤保险条例第二十条第三款' },
    });
    expect(v.materials.every((m) => m.status === 'on_file')).toBe(true);
    expect(v.materials.find((m) => m.id === 'identity')?.evidence).toContain('identity_registry');
  });

  it('refuses to decide while suspended and to accept with materials missing', () => {
    const fresh: CaseEvent[] = [];
    fresh.push(
      decide(
        matter,
        { events: fresh },
        { action: 'submit', actor: { id: 'a', role: 'applicant' }, at: on('2024-09-02') },
      ),
    );
    expect(() =>
      decide(
        matter,
        { events: fresh },
        { action: 'accept', actor: { id: 'i', role: 'intake' }, at: on('2024-09-02') },
      ),
    ).toThrow(expect.objectContaining({ code: 'MATERIALS_INCOMPLETE' }));
    expect(() =>
      decide(
        matter,
        { events },
        {
          action: 'decide',
          actor: { id: 'r', role: 'reviewer' },
          at: on('2024-12-02'),
          outcome: 'recognized',
          opinion: 'x',
        },
      ),
    ).toThrow(expect.objectContaining({ code: 'CASE_ACTION_NOT_ALLOWED' }));
  });
});
