/** The session context shared by the provider and `useSession`. */
import { createContext } from 'react';
import type { Account } from '../api/types.ts';

/** The login state of the shell. */
export interface SessionState {
  /** `loading` until the first /auth/me answer. */
  status: 'loading' | 'anonymous' | 'authenticated';
  account: Account | null;
  /** Logs in; throws ApiError with the server's message on failure. */
  login: (loginName: string, password: string) => Promise<Account>;
  logout: () => Promise<void>;
  /** Re-reads /auth/me (after a 401 elsewhere, for instance). */
  refresh: () => Promise<void>;
}

/** The session context. */
export const SessionContext = createContext<SessionState | null>(null);
