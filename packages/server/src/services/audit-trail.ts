/**
 * Audit you can trust: the keyring from the configuration, signed checkpoints of every chain head written
 * outside the database (the background workers every AUDIT_CHECKPOINT_MINUTES, and after a clean
 * verification), and verification of the chains against the heads and the newest checkpoint.
 * See docs/SECURITY.md ("Audit log").
 */
import { dirname, join, resolve } from 'node:path';
import {
  type AuditVerification,
  auditCheckpointHeads,
  currentAuditKeyring,
  type Database,
  type KeptCheckpointHead,
  verifyAuditChains,
} from '@renshe/db';
import type { AuditFinding } from '@renshe/domain/audit/audit-chain.ts';
import {
  type AuditCheckpoint,
  auditCheckpointLine,
  readAuditCheckpoint,
  signAuditCheckpoint,
} from '@renshe/domain/audit/audit-checkpoint.ts';
import { type AuditKeyring, auditKeyring, developmentAuditKeyring } from '@renshe/domain/audit/audit-keys.ts';
import type { Clock } from '@renshe/domain/dates.ts';
import type { Kysely } from 'kysely';
import type { AuditCheckpointSink } from '../adapters/audit-checkpoint-sink.ts';
import type { Env } from '../env.ts';

/** The keyring the configuration names: AUDIT_HMAC_KEYS, else AUDIT_HMAC_KEY, else the development key. */
export function auditKeyringFrom(env: Pick<Env, 'AUDIT_HMAC_KEY' | 'AUDIT_HMAC_KEYS'>): AuditKeyring {
  const keys = env.AUDIT_HMAC_KEYS ?? env.AUDIT_HMAC_KEY;
  return keys ? auditKeyring(keys) : developmentAuditKeyring();
}

/**
 * The checkpoint file: AUDIT_CHECKPOINT_FILE, else next to the embedded database's folder
 * (`<DATA_DIR>/../audit-checkpoints.jsonl`), else (PostgreSQL) `./data/audit-checkpoints.jsonl`.
 */
export function auditCheckpointFileFor(
  env: Pick<Env, 'AUDIT_CHECKPOINT_FILE' | 'DATABASE_URL' | 'DATA_DIR'>,
): string {
  if (env.AUDIT_CHECKPOINT_FILE) return resolve(env.AUDIT_CHECKPOINT_FILE);
  if (env.DATABASE_URL) return resolve('data', 'audit-checkpoints.jsonl');
  return join(dirname(resolve(env.DATA_DIR)), 'audit-checkpoints.jsonl');
}

/** What the audit services need. */
export interface AuditTrailDeps {
  db: Kysely<Database>;
  clock: Clock;
  auditCheckpoints: AuditCheckpointSink;
}

/** The newest checkpoint whose MAC verifies; or none written yet; or what is wrong with the newest line. */
export async function latestAuditCheckpoint(
  sink: AuditCheckpointSink,
  keyring: AuditKeyring = currentAuditKeyring(),
): Promise<{ checkpoint: AuditCheckpoint | null; problem?: string }> {
  const line = await sink.last();
  if (line === null) return { checkpoint: null };
  const r = readAuditCheckpoint(line, keyring);
  return r.ok ? { checkpoint: r.checkpoint } : { checkpoint: null, problem: r.problem };
}

/** What writing a checkpoint did. */
export interface CheckpointWritten {
  checkpoint: AuditCheckpoint;
  /** Chains kept at the previous checkpoint's head (deleted, cut off or rewritten since): an alarm. */
  kept: KeptCheckpointHead[];
  /** The newest line before this one did not verify (it was not used as the high-water mark). */
  previousProblem?: string;
}

/**
 * Signs the chain heads and appends them to the sink. The previous checkpoint is a high-water mark: a
 * chain that lost rows, or its head, keeps the previous head, so the evidence stays in the newest line.
 */
export async function writeAuditCheckpoint(deps: AuditTrailDeps): Promise<CheckpointWritten> {
  const keyring = currentAuditKeyring();
  const previous = await latestAuditCheckpoint(deps.auditCheckpoints, keyring);
  const { heads, kept } = await auditCheckpointHeads(deps.db, previous.checkpoint?.heads ?? []);
  const checkpoint = signAuditCheckpoint(deps.clock.now(), heads, keyring);
  await deps.auditCheckpoints.append(auditCheckpointLine(checkpoint));
  return {
    checkpoint,
    kept,
    ...(previous.problem ? { previousProblem: previous.problem } : {}),
  };
}

/** A verification and whether a checkpoint was written after it. */
export interface AuditReport extends AuditVerification {
  /** A new checkpoint is written only after a clean verification. */
  checkpointWritten: boolean;
}

/**
 * Verifies every chain against its head and the newest checkpoint; a newest checkpoint line that does not
 * verify is itself a finding (`checkpoint_invalid`). A clean result is checkpointed.
 */
export async function verifyAudit(deps: AuditTrailDeps): Promise<AuditReport> {
  const keyring = currentAuditKeyring();
  const latest = await latestAuditCheckpoint(deps.auditCheckpoints, keyring);
  const v = await verifyAuditChains(deps.db, { checkpoint: latest.checkpoint, keyring });
  if (latest.problem) {
    const invalid: AuditFinding = { partition: '*', id: null, seq: 0, reason: 'checkpoint_invalid' };
    v.findings.push(invalid);
    v.ok = false;
    v.firstBreak ??= invalid;
  }
  if (!v.ok) return { ...v, checkpointWritten: false };
  await writeAuditCheckpoint(deps);
  return { ...v, checkpointWritten: true };
}
