/**
 * Holds who is logged in. The session itself is an HttpOnly cookie the shell never sees; on start the
 * provider asks /auth/me, and a 401 there simply means "not logged in".
 */
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, unwrap } from '../api/client.ts';
import type { Account } from '../api/types.ts';
import { SessionContext, type SessionState } from './session-context.ts';

/** Provides the session to the shell. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [status, setStatus] = useState<SessionState['status']>('loading');

  const refresh = useCallback(async () => {
    try {
      const me = await unwrap(api.GET('/api/v1/auth/me'));
      setAccount(me);
      setStatus('authenticated');
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.warn('读取登录状态失败', e);
      setAccount(null);
      setStatus('anonymous');
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (loginName: string, password: string) => {
    const r = await unwrap(api.POST('/api/v1/auth/login', { body: { loginName, password } }));
    setAccount(r.account);
    setStatus('authenticated');
    return r.account;
  }, []);

  const logout = useCallback(async () => {
    try {
      await unwrap(api.POST('/api/v1/auth/logout'));
    } finally {
      setAccount(null);
      setStatus('anonymous');
    }
  }, []);

  const value = useMemo(
    () => ({ status, account, login, logout, refresh }),
    [status, account, login, logout, refresh],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}
