/** 登录、退出、本人信息、修改密码、居民注册. */

import { findAccountById } from '@renshe/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword } from '../commands/change-password.ts';
import { login } from '../commands/login.ts';
import { logout } from '../commands/logout.ts';
import {
  completePasswordReset,
  completeRegistration,
  startPasswordReset,
  startRegistration,
} from '../commands/real-name.ts';
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

  const CodeSentView = z.object({
    sentTo: z.string().describe('验证码发往的手机号（脱敏）'),
    expiresInSeconds: z.number().int(),
  });
  const IdNumber = z.string().min(1).max(32).describe('公民身份号码');
  const Phone = z
    .string()
    .regex(/^1[3-9]\d{9}$/, '手机号应为 11 位')
    .describe('本人实名登记的手机号');
  const Code = z.string().min(1).max(10).describe('短信验证码');

  app.post(
    '/api/v1/auth/register/start',
    {
      config: { action: 'account.register_citizen' },
      schema: {
        tags: ['账号'],
        summary: '实名注册第一步：核验姓名与身份证号（公安）、手机号实名（运营商），向本人手机发送验证码',
        description:
          '无论该身份证号是否已注册，回答相同（已注册时短信提醒本人使用找回密码）。按来源地址、身份证号、手机号限频。',
        body: z.object({ idNumber: IdNumber, name: z.string().min(1).max(50), phone: Phone }),
        response: { 202: CodeSentView, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await startRegistration(commandContext(app, req), req.body, req.ip)),
  );

  app.post(
    '/api/v1/auth/register/complete',
    {
      config: { action: 'account.register_citizen' },
      schema: {
        tags: ['账号'],
        summary: '实名注册第二步：回填验证码并设置密码，创建居民账号',
        body: z.object({
          idNumber: IdNumber,
          phone: Phone,
          code: Code,
          password: z.string().min(1).max(128),
        }),
        response: { 201: AccountView, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          accountView(await completeRegistration(commandContext(app, req), req.body), { unmasked: true }),
        ),
  );

  app.post(
    '/api/v1/auth/password-reset/start',
    {
      config: { action: 'account.reset_password' },
      schema: {
        tags: ['账号'],
        summary: '找回密码第一步：向账号绑定的手机发送验证码（回答与是否存在该账号无关）',
        body: z.object({ idNumber: IdNumber, phone: Phone }),
        response: { 202: CodeSentView, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await startPasswordReset(commandContext(app, req), req.body, req.ip)),
  );

  app.post(
    '/api/v1/auth/password-reset/complete',
    {
      config: { action: 'account.reset_password' },
      schema: {
        tags: ['账号'],
        summary: '找回密码第二步：回填验证码并设置新密码（结束该账号的全部会话）',
        body: z.object({
          idNumber: IdNumber,
          phone: Phone,
          code: Code,
          newPassword: z.string().min(1).max(128),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await completePasswordReset(commandContext(app, req), req.body);
      return { ok: true as const };
    },
  );
};
