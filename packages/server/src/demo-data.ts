/**
 * Demo data for a newcomer: the five agencies of the newborn bundle (卫健, 公安, 人社, 医保, 行政审批) at
 * province level and in 太原, the 人社 sub-units (工伤, 失业, 劳动监察) in 太原 and 济宁, staff for each,
 * two citizens, one employer and an administrator. Loading is idempotent (accounts that exist are kept).
 * All demo accounts share one documented password; never enable DEMO_DATA in production.
 */

import { findAccountByLogin, upsertDepartment } from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import { addDays, type BusinessDate } from '@renshe/domain/dates.ts';
import { creditCodeCheckChar } from '@renshe/domain/ids/credit-code.ts';
import { idNumberCheckChar } from '@renshe/domain/ids/id-number.ts';
import type { RegistryData } from './adapters/civil-registries.ts';
import { createAccount, type NewAccountInput } from './commands/create-account.ts';
import type { AppDeps } from './context.ts';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'Renshe2026';

/** The five agencies of 出生一件事, by agency kind. */
export const AGENCIES = {
  health: '卫生健康委员会',
  public_security: '公安',
  hrss: '人力资源和社会保障',
  medical_security: '医疗保障局',
  admin_approval: '行政审批服务管理局',
} as const;

const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);

/** ID numbers the demo social-insurance registry knows as insured (shared data for 参保 checks). */
export const DEMO_INSURED: ReadonlySet<string> = new Set([
  withCheck('14010519900307123'),
  withCheck('37080219880512456'),
]);

const WANG = withCheck('14010519900307123');
const LIU = withCheck('37080219880512456');
/** 赵敏: in the identity registry with a mobile number, but no account yet (she registers in the demo). */
export const DEMO_UNREGISTERED = {
  idNumber: withCheck('14010519950612032'),
  name: '赵敏',
  phone: '13700003456',
};

/**
 * Demo registries for the newborn bundle: 王晓明 (太原小店区 family household) and 刘芳 (济宁 household),
 * married in 2020; their daughter born in 山西省妇幼保健院 ten days before `today` (so the demo is always
 * within the 90-day window).
 */
export function demoRegistryData(today: BusinessDate): RegistryData {
  return {
    births: [
      {
        recordNumber: 'SXFY-2026-000318',
        childName: null,
        gender: 'female',
        birthDate: addDays(today, -10),
        institution: { code: 'SXFY', name: '山西省妇幼保健院', regionCode: '140105' },
        motherIdNumber: LIU,
        fatherIdNumber: WANG,
      },
    ],
    persons: [
      {
        idNumber: WANG,
        name: '王晓明',
        hukouRegionCode: '140105',
        householdId: 'H140105-0001',
        identityComplete: true,
      },
      {
        idNumber: LIU,
        name: '刘芳',
        hukouRegionCode: '370811',
        householdId: 'H370811-0001',
        identityComplete: true,
      },
      {
        idNumber: DEMO_UNREGISTERED.idNumber,
        name: DEMO_UNREGISTERED.name,
        hukouRegionCode: '140105',
        householdId: 'H140105-0002',
        identityComplete: true,
      },
    ],
    households: [
      { id: 'H140105-0001', kind: 'family', regionCode: '140105', address: '太原市小店区坞城路 88 号' },
      { id: 'H370811-0001', kind: 'family', regionCode: '370811', address: '济宁市任城区共青团路 12 号' },
      { id: 'H140105-0002', kind: 'family', regionCode: '140105', address: '太原市小店区长治路 6 号' },
    ],
    marriages: [
      { partners: [WANG, LIU], registeredOn: '2020-05-20', office: '太原市小店区民政局婚姻登记处' },
    ],
    phones: [
      { phone: '13800001234', idNumber: WANG, name: '王晓明' },
      { phone: '13900005678', idNumber: LIU, name: '刘芳' },
      DEMO_UNREGISTERED,
    ],
  };
}

/** Demo departments: [code, name, parent, agency, region]. */
export const DEMO_DEPARTMENTS: [string, string, string | null, keyof typeof AGENCIES, string][] = [
  ['SX-WJW', '山西省卫生健康委员会', null, 'health', '140000'],
  ['SX-GAT', '山西省公安厅', null, 'public_security', '140000'],
  ['SX-RST', '山西省人力资源和社会保障厅', null, 'hrss', '140000'],
  ['SX-YBJ', '山西省医疗保障局', null, 'medical_security', '140000'],
  ['SX-XZSP', '山西省行政审批服务管理局', null, 'admin_approval', '140000'],
  ['TY-WJW', '太原市卫生健康委员会', 'SX-WJW', 'health', '140100'],
  ['TY-WJW-ZC', '山西省妇幼保健院（助产机构）', 'TY-WJW', 'health', '140100'],
  ['TY-WJW-CDC', '太原市疾病预防控制中心（预防接种）', 'TY-WJW', 'health', '140100'],
  ['TY-GAJ', '太原市公安局', 'SX-GAT', 'public_security', '140100'],
  ['TY-RSJ', '太原市人力资源和社会保障局', 'SX-RST', 'hrss', '140100'],
  ['TY-YBJ', '太原市医疗保障局', 'SX-YBJ', 'medical_security', '140100'],
  ['TY-XZSP', '太原市行政审批服务管理局', 'SX-XZSP', 'admin_approval', '140100'],
  ['TY-RSJ-GS', '太原市人社局工伤保险科', 'TY-RSJ', 'hrss', '140100'],
  ['TY-RSJ-SY', '太原市人社局失业保险科', 'TY-RSJ', 'hrss', '140100'],
  ['TY-RSJ-JC', '太原市劳动保障监察支队', 'TY-RSJ', 'hrss', '140100'],
  ['JN-RSJ', '济宁市人力资源和社会保障局', null, 'hrss', '370800'],
  ['JN-RSJ-GS', '济宁市人社局工伤保险科', 'JN-RSJ', 'hrss', '370800'],
  ['JN-RSJ-SY', '济宁市人社局失业保险科', 'JN-RSJ', 'hrss', '370800'],
  ['JN-RSJ-JC', '济宁市劳动保障监察支队', 'JN-RSJ', 'hrss', '370800'],
];

type DemoAccount = Omit<NewAccountInput, 'password'> & { note: string };

/** Demo accounts (password DEMO_PASSWORD). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { kind: 'admin', loginName: 'admin', displayName: '系统管理员', regionCode: '000000', note: '管理员' },
  ...(
    [
      ['ty_wjw', '太原卫健 李医生', 'TY-WJW'],
      ['ty_zc', '省妇幼保健院 出生证明窗口 韩医生', 'TY-WJW-ZC'],
      ['ty_cdc', '太原疾控 预防接种 曹医生', 'TY-WJW-CDC'],
      ['ty_gaj', '太原公安 王警官', 'TY-GAJ'],
      ['ty_rsj', '太原人社 赵经办', 'TY-RSJ'],
      ['ty_ybj', '太原医保 钱经办', 'TY-YBJ'],
      ['ty_xzsp', '太原审批 孙经办', 'TY-XZSP'],
      ['ty_gs', '太原工伤科 周经办', 'TY-RSJ-GS'],
      ['ty_sy', '太原失业科 吴经办', 'TY-RSJ-SY'],
      ['ty_jc', '太原劳动监察 郑监察员', 'TY-RSJ-JC'],
      ['jn_gs', '济宁工伤科 冯经办', 'JN-RSJ-GS'],
    ] as const
  ).map(([loginName, displayName, departmentCode]) => ({
    kind: 'staff' as const,
    loginName,
    displayName,
    departmentCode,
    regionCode: departmentCode.startsWith('JN') ? '370800' : '140100',
    roles: ['intake', 'handler'],
    note: '工作人员（受理、经办）',
  })),
  {
    kind: 'staff',
    loginName: 'ty_kz',
    displayName: '太原人社 科长 陈主任',
    departmentCode: 'TY-RSJ',
    regionCode: '140100',
    roles: ['reviewer', 'supervisor'],
    note: '科室负责人（审核、督办）',
  },
  {
    kind: 'citizen',
    loginName: withCheck('14010519900307123'),
    displayName: '王晓明',
    phone: '13800001234',
    regionCode: '140105',
    note: '居民（太原小店区）',
  },
  {
    kind: 'citizen',
    loginName: withCheck('37080219880512456'),
    displayName: '刘芳',
    phone: '13900005678',
    regionCode: '370811',
    note: '居民（济宁任城区）',
  },
  {
    kind: 'employer',
    loginName: `91140100MA0K00001${creditCodeCheckChar('91140100MA0K00001')}`,
    displayName: '太原晋阳建设有限公司',
    regionCode: '140100',
    note: '用人单位',
  },
];

/** Loads the demo departments and accounts; returns the accounts created this time. */
export async function loadDemoData(deps: AppDeps): Promise<string[]> {
  for (const [code, name, parentCode, agency, regionCode] of DEMO_DEPARTMENTS) {
    await upsertDepartment(deps.db, { code, name, parentCode, agency, regionCode });
  }
  deps.departments.invalidate();
  const created: string[] = [];
  const ctx = { ...deps, actor: SYSTEM, requestId: 'demo-data' };
  for (const { note: _note, ...a } of DEMO_ACCOUNTS) {
    if (await findAccountByLogin(deps.db, a.loginName)) continue;
    await createAccount(ctx, { ...a, password: DEMO_PASSWORD });
    created.push(a.loginName);
  }
  return created;
}
