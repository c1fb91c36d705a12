/**
 * A matter (事项) as data: the published service guide (办事指南) with the fields of the national
 * implementation list (domain-cn.md §1), the materials and where each comes from, who may apply, the
 * workflow staff follow, the statutory and promised time limits, and the documents the applicant receives.
 * Files live in `matters/<code>.v<version>.yaml`; a case keeps the version it started with.
 */
import { z } from 'zod';

const text = z.string().min(1);

/** A time limit: a number of working days (工作日) or calendar days (日). */
export const TimeLimitSchema = z.strictObject({
  amount: z.number().int().positive(),
  unit: z.enum(['working_days', 'calendar_days']),
  /** Legal basis of the limit (statute and article). */
  basis: text.optional(),
});

/** Where a material comes from (来源渠道). */
export const MATERIAL_SOURCES = ['applicant', 'shared', 'e_licence', 'commitment', 'agency'] as const;

/** One required or optional material. */
export const MaterialSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: text,
  /** 纸质 / 电子 / 均可. */
  form: z.enum(['paper', 'electronic', 'either']),
  copies: z.number().int().min(0).default(1),
  required: z.boolean(),
  /** 容缺: may be handed in after acceptance (only where the matter allows deferred acceptance). */
  deferrable: z.boolean().default(false),
  /** 告知承诺: a signed commitment may replace it. */
  commitmentAllowed: z.boolean().default(false),
  source: z.enum(MATERIAL_SOURCES),
  /** For `shared`: the registry it is read from; for `e_licence`: the licence type. */
  sourceRef: text.optional(),
  note: text.optional(),
});

/** Kinds of result field value. */
export const RESULT_FIELD_TYPES = ['text', 'id_number', 'phone'] as const;

/**
 * Field types whose values identify a person (bundle form fields and matter result fields): stored sealed
 * (docs/SECURITY.md, "Personal data at rest") and masked on the way out unless the role needs them.
 */
export const PERSONAL_FIELD_TYPES: ReadonlySet<string> = new Set(['id_number', 'phone']);

/** How the clock behaves in a state. */
export const CLOCK_MODES = ['not_started', 'running', 'paused', 'stopped'] as const;

/** A workflow state. */
export const StateSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: text,
  clock: z.enum(CLOCK_MODES),
  terminal: z.boolean().default(false),
  /** A stage limit that starts when the case enters this state. */
  stageLimit: TimeLimitSchema.optional(),
  /** For paused states: the allowed reasons and their legal basis. */
  pauseReasons: z.array(z.strictObject({ reason: text, basis: text })).optional(),
  /**
   * What the system does when this state's stage limit passes while the case is still in it (e.g. 容缺
   * materials not handed in by the deadline → 终止办理). Fired by a durable timer, recorded as a system event.
   */
  onStageLimit: z.strictObject({ action: z.string(), opinion: text }).optional(),
});

/** Kinds of action with engine semantics; `step` is an ordinary transition. */
export const ACTION_KINDS = [
  'submit',
  'accept',
  'request_correction',
  'supplement',
  'reject',
  'pause',
  'resume',
  'step',
  'decide',
  'withdraw',
  'escalate',
  /** 撤销: taken on a closed case (e.g. a 告知承诺 found false on verification); the only kind allowed from a terminal state. */
  'revoke',
] as const;

/** Who may perform an action: staff roles, the applicant, or the system (timers). */
export const ACTOR_ROLES = ['applicant', 'intake', 'handler', 'reviewer', 'supervisor', 'system'] as const;

/** A workflow action. */
export const ActionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: text,
  kind: z.enum(ACTION_KINDS),
  from: z.array(z.string()).min(1),
  to: z.string(),
  roles: z.array(z.enum(ACTOR_ROLES)).min(1),
  /** The notice issued when the action is taken (受理通知书 …). */
  notice: z
    .enum([
      'acceptance',
      'one_time_notice',
      'rejection',
      'decision',
      'deferred_acceptance',
      'termination',
      'revocation',
    ])
    .optional(),
  /** An opinion (办理意见) must be written. */
  opinionRequired: z.boolean().default(false),
  /** For decisions: the possible outcomes (e.g. 认定工伤 / 视同工伤 / 不予认定). */
  outcomes: z.array(z.strictObject({ id: z.string(), label: text })).optional(),
});

/** A matter definition (one version). */
export const MatterSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.number().int().positive(),
  name: text,
  /** 基本编码 / 实施编码 where known. */
  basicCode: text.optional(),
  implementationCode: text.optional(),
  /** 事项类型: 行政确认、行政许可、公共服务、行政裁决 … */
  type: text,
  /** 实施主体: the agency kind and the sub-unit that handles it. */
  department: z.strictObject({
    agency: z.enum(['health', 'public_security', 'hrss', 'medical_security', 'admin_approval']),
    unit: text.optional(),
  }),
  /** Only created as part of a bundle (一件事), never applied for on its own through this platform. */
  bundleOnly: z.boolean().default(false),
  implementingBody: text,
  legalBasis: z.array(z.strictObject({ title: text, article: text })).min(1),
  /** 服务对象 and who may apply. */
  applicantKinds: z.array(z.enum(['citizen', 'employer'])).min(1),
  conditions: z.array(text).min(1),
  materials: z.array(MaterialSchema),
  timeLimits: z.strictObject({
    /** 法定办结时限, from acceptance. */
    statutory: TimeLimitSchema,
    /** 承诺办结时限 (≤ statutory). */
    promised: TimeLimitSchema.optional(),
    /** Time to decide whether to accept (受理审查). */
    acceptance: TimeLimitSchema.optional(),
    /** The applicant's own filing limits, shown in the guide (e.g. employer 30 days, worker 1 year). */
    filing: z
      .array(
        z.strictObject({
          who: text,
          limit: TimeLimitSchema.or(z.strictObject({ years: z.number().int().positive() })),
        }),
      )
      .optional(),
  }),
  fees: z.strictObject({ charged: z.boolean(), basis: text.optional() }),
  result: z.strictObject({
    name: text,
    type: text,
    /**
     * What a granted decision records as the result (证照编号, 户口登记信息, 参保登记号 …): each field must
     * be given, matching its pattern, when the outcome is not a refusal. Shown to the applicant.
     */
    fields: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
          label: text,
          pattern: text,
          /**
           * What the value is: `id_number` (a 公民身份号码) and `phone` are personal — sealed at rest and
           * masked for those who do not need them (PERSONAL_FIELD_TYPES); anything else is `text`.
           */
          type: z.enum(RESULT_FIELD_TYPES).default('text'),
        }),
      )
      .default([]),
  }),
  consultation: z.array(text).min(1),
  complaint: z.array(text).min(1),
  /** 到办事现场次数 (0 = 全程网办); a reason is required when > 0. */
  onSiteVisits: z.number().int().min(0),
  onSiteReason: text.optional(),
  onlineUrl: text.optional(),
  deferredAcceptance: z
    .strictObject({ allowed: z.boolean(), deadline: TimeLimitSchema.optional() })
    .default({ allowed: false }),
  commitment: z
    .strictObject({
      allowed: z.boolean(),
      /** 承诺书正文: what the applicant signs (recorded verbatim on the case). */
      text: text.optional(),
      /** 事后核查: a verification task opens when the case closes with a result and is due within this limit. */
      verificationWithin: TimeLimitSchema.optional(),
    })
    .default({ allowed: false }),
  workflow: z.strictObject({
    initial: z.string(),
    states: z.array(StateSchema).min(2),
    actions: z.array(ActionSchema).min(1),
  }),
  /** 好差评 follow-up limit for a bad rating. */
  ratingFollowUp: TimeLimitSchema.optional(),
});

/** A validated matter definition. */
export type Matter = z.infer<typeof MatterSchema>;
/** A time limit. */
export type TimeLimit = z.infer<typeof TimeLimitSchema>;
/** A material of a matter. */
export type Material = z.infer<typeof MaterialSchema>;
/** A workflow action. */
export type MatterAction = z.infer<typeof ActionSchema>;
/** A workflow state. */
export type MatterState = z.infer<typeof StateSchema>;
