/** Who acts on a case. */
export type ActorRole = 'applicant' | 'intake' | 'handler' | 'reviewer' | 'supervisor' | 'system';
