/** 登录、退出、本人信息、修改密码、居民注册. */

import { findAccountById } from '@renshe/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword } from '../commands/change-password.ts';
import { createAccount } from '../commands/create-account.ts';
import { login } from '../commands/login.ts';
import { logout } from '../commands/logout.ts';
import { clearSessionCookie, setSessionCookie } from '../plugins/session.ts';
import { commandContext } from './request-context.ts';
import { AccountView, errorResponses } from './schemas.ts';
import { accountView } from './views.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: { action: 'session.login' },
      schema: {
        tags: ['账号'],
        summary: '登录（居民用身份证号，单位用统一社会信用代码，工作人员用账号）',
        body: z.object({ loginName: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
        response: { 200: z.object({ account: AccountView, expiresAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = commandContext(app, req);
      const r = await login(ctx, req.body, req.ip);
      setSessionCookie(reply, ctx, r.token, r.expiresAt);
      return { account: accountView(r.account, { unmasked: true }), expiresAt: r.expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { action: 'session.logout' },
      schema: {
        tags: ['账号'],
        summary: '退出登录',
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await logout(commandContext(app, req), req.sessionTokenHash);
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { action: 'session.read' },
      schema: { tags: ['账号'], summary: '当前登录账号', response: { 200: AccountView, ...errorResponses } },
    },
    async (req) => {
      const a = await findAccountById(app.deps.db, req.actor.id!);
      return accountView(a!, { unmasked: true });
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { action: 'session.change_password' },
      schema: {
        tags: ['账号'],
        summary: '修改密码（其他会话随之失效）',
        body: z.object({
          currentPassword: z.string().min(1).max(128),
          newPassword: z.string().min(1).max(128),
        }),
        response: { 200: z.object({ endedSessions: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => changePassword(commandContext(app, req), req.body, req.sessionTokenHash!),
  );

  app.post(
    '/api/v1/auth/register',
    {
      config: { action: 'account.register_citizen' },
      schema: {
        tags: ['账号'],
        summary: '居民注册（身份证号逐项校验，错误说明哪一项不通过）',
        body: z.object({
          idNumber: z.string().min(1).max(32),
          name: z.string().min(1).max(50),
          phone: z
            .string()
            .regex(/^1[3-9]\d{9}$/, '手机号应为 11 位')
            .optional(),
          password: z.string().min(1).max(128),
          regionCode: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        }),
        response: { 201: AccountView, ...errorResponses },
      },
    },
    async (req, reply) => {
      const row = await createAccount(commandContext(app, req), {
        kind: 'citizen',
        loginName: req.body.idNumber,
        displayName: req.body.name,
        password: req.body.password,
        phone: req.body.phone,
        regionCode: req.body.regionCode,
      });
      return reply.status(201).send(accountView(row, { unmasked: true }));
    },
  );
};
