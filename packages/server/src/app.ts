/**
 * Builds the Fastify app: request ids, masked structured logs, zod validation and OpenAPI (served at
 * /docs), session → actor, the authorisation hook, error mapping, API routes and the web shell.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { maskSensitive, maskText } from '@renshe/domain/privacy/mask.ts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import type { AppDeps } from './context.ts';
import { registerAuthz } from './plugins/authz.ts';
import { registerEdgeGuard } from './plugins/edge-guard.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerSession } from './plugins/session.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { bundleRoutes } from './routes/bundles.routes.ts';
import { caseRoutes } from './routes/cases.routes.ts';
import { personRoutes } from './routes/persons.routes.ts';
import { policyRoutes } from './routes/policies.routes.ts';
import { referenceRoutes } from './routes/reference.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** Options for building the app. */
export interface BuildAppOptions {
  deps: AppDeps;
  logLevel?: string;
  /**
   * Check every response against its zod schema before sending (default on; off when NODE_ENV=production,
   * where handlers' explicit view mappers are trusted and plain JSON.stringify is ~3× cheaper).
   */
  validateResponses?: boolean;
  /** Where logs go (default stdout); tests pass a sink to read them. */
  logStream?: NodeJS.WritableStream;
  /** Folder of the built web shell (packages/web/dist); served at / when present. */
  webDist?: string;
  /** Reverse proxies (addresses / CIDR blocks) whose X-Forwarded-* headers are believed; none by default. */
  trustedProxies?: readonly string[] | undefined;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

/** Properties of an error that carry the values of a failed query (drivers attach them). */
const QUERY_VALUES = new Set(['params', 'parameters', 'queryOptions']);

/**
 * An error as logged: pino's standard serialisation without the failed query's values, every text masked
 * (a database error's message or detail can quote the value that failed).
 */
export function logError(e: unknown): { type: string; message: string; stack: string; [k: string]: unknown } {
  const plain = pino.stdSerializers.err(e as Error) as unknown as Record<string, unknown>;
  const strip = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => !QUERY_VALUES.has(k))
        .map(([k, v]) => [
          k,
          v && typeof v === 'object' && !Array.isArray(v) ? strip(v as Record<string, unknown>) : v,
        ]),
    );
  return maskSensitive(strip(plain)) as ReturnType<typeof logError>;
}

/** Pino options: masked ID numbers/phones anywhere, no cookies or passwords, errors without query values. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        url: maskText(req.url),
        reqId: req.id,
      }),
      err: logError,
    },
    formatters: { log: (obj: Record<string, unknown>) => maskSensitive(obj) },
    hooks: {
      // Messages are masked too, not only the structured fields.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as typeof args);
      },
    },
  };
}

/** Creates the app (not listening). */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logLevel === 'silent'
        ? false
        : {
            ...(loggerOptions(opts.logLevel ?? 'info') as object),
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // A request (headers and body) that takes longer is cut off: slow bodies never hold a connection.
    requestTimeout: 30_000,
    ajv: { customOptions: { coerceTypes: false } },
    // The client address is the socket's unless a configured proxy vouches for another.
    trustProxy: opts.trustedProxies?.length ? [...opts.trustedProxies] : false,
  });
  app.decorate('deps', opts.deps);
  app.setValidatorCompiler(validatorCompiler);
  if (opts.validateResponses ?? true) app.setSerializerCompiler(serializerCompiler);
  else app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Set when the request arrives (a reply's headers survive error handling); a callback hook, no promise.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  await app.register(fastifyCookie);
  registerErrorHandling(app);
  await registerEdgeGuard(app, { siteOrigins: opts.deps.config?.siteOrigins });
  registerSession(app, opts.deps);
  registerAuthz(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '人社一网通办 renshe API',
        description: '错误统一为 {error:{code,message,details}}；登录后使用会话 Cookie。',
        version: '0.1.0',
      },
      tags: [
        { name: '账号' },
        { name: '公共查询' },
        { name: '工作日历' },
        { name: '个人档案' },
        { name: '管理' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  // `process`: which server process answered (several share the port when SERVER_PROCESSES > 1).
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true, process: process.pid }));
  await app.register(authRoutes);
  await app.register(referenceRoutes);
  await app.register(personRoutes);
  await app.register(adminRoutes);
  await app.register(policyRoutes);
  await app.register(caseRoutes);
  await app.register(bundleRoutes);

  if (opts.webDist && existsSync(join(opts.webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.webDist, prefix: '/', wildcard: false });
    // Client-side routes fall back to the shell.
    app.get('/*', { schema: { hide: true } }, (req, reply) =>
      req.url.startsWith('/api/') ? reply.callNotFound() : reply.sendFile('index.html'),
    );
  }
  return app;
}
