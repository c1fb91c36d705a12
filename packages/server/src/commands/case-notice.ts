/**
 * The notices a case's events issue (受理通知书, 补正材料通知书（一次性告知书）, 不予受理决定书, the result
 * decision), composed from the matter, the event and the applicant, rendered as PDF.
 */
import type { CaseEvent, CaseRecord } from '@renshe/cases/engine/case-record.ts';
import { caseView } from '@renshe/cases/engine/case-view.ts';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import { findAccountById } from '@renshe/db';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import type { CommandContext } from '../context.ts';
import { type Notice, renderNoticePdf } from '../notices/notice-pdf.ts';

const APPEAL =
  '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。';
const limitText = (l: { amount: number; unit: string }) =>
  `${l.amount}${l.unit === 'working_days' ? '个工作日' : '日'}`;
/** 2027年1月4日 for a business date. */
const cnDay = (date: string) => {
  const [y, m, day] = date.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
};
const cnDate = (d: Date) => cnDay(shanghaiDate(d));

/** The notice an event issued, as data. NOTICE_NOT_FOUND when the event issued none. */
export function composeNotice(
  matter: Matter,
  record: CaseRecord,
  event: CaseEvent,
  names: {
    applicant: string;
    issuer: string;
    departmentCode: string;
    /** The statutory deadline as the working calendar now gives it, with its 「预计」 mark. */
    deadline?: { date: string; provisional: boolean } | undefined;
  },
): Notice {
  const action = matter.workflow.actions.find((a) => a.id === event.action);
  const kind = action?.notice;
  if (!kind)
    throw new DomainError(
      'NOTICE_NOT_FOUND',
      `第 ${event.seq} 步「${action?.label ?? event.action}」不出具文书`,
      { seq: event.seq },
    );
  const submitted = record.events.find((e) => e.kind === 'submit')?.at ?? event.at;
  const lead = `你（单位）于${cnDate(submitted)}提出的「${matter.name}」申请`;
  const base = {
    kind,
    documentNumber: `${names.departmentCode}〔${shanghaiDate(event.at).slice(0, 4)}〕第${record.caseNumber.split('-')[2] ?? record.caseNumber}-${event.seq}号`,
    issuer: names.issuer,
    addressee: names.applicant,
    caseNumber: record.caseNumber,
    issuedOn: shanghaiDate(event.at),
    sealText: '（印章）',
  };
  const materialName = (id: string) => matter.materials.find((m) => m.id === id)?.name ?? id;
  switch (kind) {
    case 'acceptance':
    case 'deferred_acceptance':
      return {
        ...base,
        title: kind === 'acceptance' ? '受理通知书' : '容缺受理通知书',
        paragraphs: [
          `${lead}，材料齐全，符合法定形式，本机关决定予以受理。`,
          `本事项法定办结时限为${limitText(matter.timeLimits.statutory)}，自受理之日起计算${matter.timeLimits.promised ? `，承诺办结时限为${limitText(matter.timeLimits.promised)}` : ''}${
            names.deadline
              ? `，办结期限至${cnDay(names.deadline.date)}${names.deadline.provisional ? '（预计：相关年度国务院办公厅节假日安排通知尚未发布导入，按法定节假日和周末推算；通知导入后重新计算，以进度查询所示为准）' : ''}`
              : ''
          }。可凭办件编号和证件号码查询办理进度。`,
        ],
        legalBasis: matter.legalBasis
          .map((b) => `《${b.title.replace(/（.*）$/, '')}》${b.article}`)
          .join('；'),
      };
    case 'one_time_notice':
      return {
        ...base,
        title: '补正材料通知书（一次性告知书）',
        paragraphs: [
          `${lead}，材料不齐全或者不符合法定形式。现一次性告知需要补正的全部材料如下：`,
          '请补正上述全部材料。补正材料齐全之日起，本机关依法审查并作出是否受理的决定。本通知所列为需要补正的全部事项，本机关不再另行要求补正其他材料。',
        ],
        items: (event.missing ?? []).map((id) => ({ label: materialName(id) })),
        legalBasis: '依据《中华人民共和国行政许可法》第三十二条第一款第（四）项及本事项办事指南',
      };
    case 'rejection':
      return {
        ...base,
        title: '不予受理决定书',
        paragraphs: [`${lead}，经审查：${event.opinion ?? ''}本机关决定不予受理。`, APPEAL],
      };
    case 'termination': {
      const deferred = matter.materials.filter((m) =>
        record.events.some((e) => e.materials?.some((x) => x.id === m.id && x.via === 'deferred')),
      );
      return {
        ...base,
        title: '终止办理告知书',
        paragraphs: [
          `${lead}，本机关已予容缺受理，并告知须在${limitText(matter.deferredAcceptance.deadline ?? matter.timeLimits.statutory)}内补齐下列材料。截至期限届满，所缺材料仍未补齐。`,
          `${event.opinion ?? ''}本机关决定终止办理。材料补齐后可重新提出申请。`,
        ],
        items: deferred.map((m) => ({ label: m.name })),
        legalBasis: '依据本事项办事指南关于容缺受理的规定及容缺受理通知书',
      };
    }
    case 'revocation': {
      const commitment = record.events.find((e) => e.commitment)?.commitment;
      return {
        ...base,
        title: `撤销${matter.name}决定书`,
        paragraphs: [
          `${lead}，申请人以告知承诺方式代替提交部分证明材料${commitment ? `（承诺人：${commitment.signedBy}）` : ''}，本机关已依法作出办理结果。`,
          `经事后核查：${event.opinion ?? ''}申请人所作承诺与实际情况不符，本机关决定撤销该办理结果，并依法记入信用记录。`,
          APPEAL,
        ],
        ...(commitment
          ? { items: commitment.materials.map((id) => ({ label: materialName(id), note: '以承诺代替' })) }
          : {}),
        legalBasis:
          '依据《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）及本事项办事指南',
      };
    }
    case 'decision': {
      const outcome = action?.outcomes?.find((o) => o.id === event.outcome);
      const titles = matter.result.name.split(/\s*\/\s*/);
      const negative = event.outcome?.startsWith('not') && titles.length > 1;
      return {
        ...base,
        title: (negative ? titles[1] : titles[0]) ?? `${matter.name}决定书`,
        paragraphs: [
          `${lead}，本机关已依法受理并审查。结论：${outcome?.label ?? event.outcome ?? ''}。`,
          ...(event.opinion ? [`理由：${event.opinion}`] : []),
          APPEAL,
        ],
        legalBasis: matter.legalBasis
          .map((b) => `《${b.title.replace(/（.*）$/, '')}》${b.article}`)
          .join('；'),
      };
    }
  }
}

/** Renders the notice of event `seq` of a case. */
export async function caseNoticePdf(
  ctx: CommandContext,
  matter: Matter,
  record: CaseRecord,
  seq: number,
): Promise<{ pdf: Buffer; title: string }> {
  const event = record.events.find((e) => e.seq === seq);
  if (!event) throw new DomainError('NOTICE_NOT_FOUND', `办件没有第 ${seq} 步`, { seq });
  const applicant = await findAccountById(ctx.db, record.applicantId);
  const departments = await ctx.departments.list();
  const dept = departments.find((d) => d.code === record.departmentCode);
  const issuerDept = dept?.parent_code ? departments.find((d) => d.code === dept.parent_code) : dept;
  const clock = caseView(
    matter,
    { events: record.events.filter((e) => e.seq <= seq) },
    ctx.calendar.current,
    event.at,
  ).clock;
  const notice = composeNotice(matter, record, event, {
    applicant: applicant?.display_name ?? '申请人',
    issuer: issuerDept?.name ?? dept?.name ?? '',
    departmentCode: record.departmentCode,
    deadline: clock?.deadline
      ? { date: clock.deadline, provisional: clock.provisionalYears.length > 0 }
      : undefined,
  });
  return { pdf: await renderNoticePdf(notice), title: notice.title };
}
