/**
 * A bundle (一件事) as data: several matters of different agencies applied for once. It names its legal
 * basis, the eligibility conditions (each a check kind with parameters and what to do instead when it
 * fails), one merged form (each field entered once, with the sub-matters that use it) and the parts —
 * the sub-matters it fans out to. Files live in `matters/bundles/<code>.v<version>.yaml`.
 */
import { z } from 'zod';
import { TimeLimitSchema } from '../matter/matter-schema.ts';

const text = z.string().min(1);
const id = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/);

/** The eligibility checks the engine knows (their parameters come from the bundle file). */
export const ELIGIBILITY_CHECKS = [
  'born_in_institution_in_province',
  'born_in_wedlock',
  'within_days_of_birth',
  'parent_hukou_in_province',
  'settle_household_in_province',
] as const;

/** Kinds of form field. */
export const FIELD_TYPES = ['text', 'id_number', 'date', 'enum', 'region', 'phone'] as const;

export const BundleSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.number().int().positive(),
  name: text,
  summary: text,
  /** When the joint service started. */
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  legalBasis: z.array(z.strictObject({ title: text, article: text })).min(1),
  /** The agency that coordinates the bundle (一窗受理, supervision of the parent case). */
  coordinator: z.enum(['health', 'public_security', 'hrss', 'medical_security', 'admin_approval']),
  eligibility: z
    .array(
      z.strictObject({
        id,
        label: text,
        check: z.enum(ELIGIBILITY_CHECKS),
        params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
        /** What the applicant can do instead when this condition fails. */
        instead: text,
        /** How the seed is read where it is ambiguous (a caseworker's reading). */
        note: text.optional(),
      }),
    )
    .min(1),
  form: z
    .array(
      z.strictObject({
        title: text,
        fields: z
          .array(
            z.strictObject({
              id,
              label: text,
              type: z.enum(FIELD_TYPES),
              required: z.boolean().default(true),
              options: z.array(z.strictObject({ value: text, label: text })).optional(),
              /** A field whose value is read from shared data when left empty (shown, not asked). */
              default: text.optional(),
              help: text.optional(),
              /** The sub-matters that use this field (entered once, sent to each). */
              usedBy: z.array(z.string()).min(1),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  parts: z
    .array(
      z.strictObject({
        matter: z.string(),
        /** May the parents leave this part out and do it singly (or offline)? */
        optional: z.boolean().default(true),
        /** Where the sub-case is handled: the household it settles into, or a region chosen in a form field. */
        regionFrom: z.union([z.literal('household'), z.strictObject({ field: id })]).default('household'),
      }),
    )
    .min(2),
  /** How long to wait for an agency system to confirm receipt before retrying (back-off starts here). */
  agencyConfirmation: TimeLimitSchema.optional(),
});

/** A validated bundle definition. */
export type Bundle = z.infer<typeof BundleSchema>;
/** One eligibility condition. */
export type EligibilityCondition = Bundle['eligibility'][number];
/** One form field. */
export type BundleField = Bundle['form'][number]['fields'][number];
