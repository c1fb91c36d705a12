/** The login state and the login/logout actions. */
import { useContext } from 'react';
import { SessionContext, type SessionState } from './session-context.ts';

/** The session; must be used under SessionProvider. */
export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession must be used inside <SessionProvider>');
  return s;
}
