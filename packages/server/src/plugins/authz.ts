/**
 * Every /api route names its action in `config.action`; a route without one fails at startup. Before
 * the body is validated, the route's resource (owner, department, region) is loaded and the one
 * `authorize` function decides. A denial is a 401 or 403 with the reason — except that a citizen or
 * employer refused a resource that names `concealAs` (a case, a bundle) gets exactly the answer for one that
 * does not exist, so nobody learns whether someone else's case number is real.
 */

import type { AccountRow } from '@renshe/db';
import { ACTIONS, type Action, authorize, type ResourceRef } from '@renshe/domain/access/authorize.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action this route performs (see ACTIONS). Required on /api routes. */
    action?: Action;
    /** Loads what the action is performed on; defaults to `{ type: <action prefix> }`. */
    resource?: (req: FastifyRequest) => ConcealableResource | Promise<ConcealableResource>;
  }
  interface FastifyRequest {
    actor: import('@renshe/domain/access/actor.ts').Actor;
    sessionTokenHash: string | null;
    /** The logged-in account as read with the session (null when anonymous). */
    account: AccountRow | null;
  }
}

/** A resource with the "not found" answer to give instead of 403 to citizens and employers. */
export type ConcealableResource = ResourceRef & { concealAs?: DomainError };

/** Routes registered on the app with their action, for the authorisation-matrix test. */
export const registeredRoutes: { method: string; url: string; action: Action }[] = [];

/** Installs the startup check and the per-request decision. */
export function registerAuthz(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const action = route.config?.action;
    if (!action || !(action in ACTIONS)) {
      throw new Error(`route ${String(route.method)} ${route.url} has no authorisation action`);
    }
    for (const m of [route.method].flat()) {
      if (m !== 'HEAD') registeredRoutes.push({ method: m, url: route.url, action });
    }
  });
  // preValidation: decided before the body is validated, so an anonymous caller gets 401 whatever it sends.
  // A callback hook: only a route that loads its resource waits for a promise.
  app.addHook('preValidation', (req, _reply, done) => {
    const config = req.routeOptions.config;
    const action = config.action;
    if (!action) {
      done();
      return;
    }
    const decide = (resource: ConcealableResource) => {
      let decision: ReturnType<typeof authorize>;
      try {
        decision = authorize(req.actor, action, resource);
      } catch (e) {
        done(e as Error);
        return;
      }
      if (decision.allowed) return done();
      const outsider = req.actor.kind === 'citizen' || req.actor.kind === 'employer';
      if (
        decision.code === 'FORBIDDEN' &&
        outsider &&
        resource.ownerId !== req.actor.id &&
        resource.concealAs
      )
        return done(resource.concealAs);
      done(new DomainError(decision.code, decision.reason, { action }));
    };
    const bare: ResourceRef = { type: action.split('.')[0]! };
    if (!config.resource) {
      decide(bare);
      return;
    }
    // Anonymous callers learn nothing about a resource (not even that it exists) before logging in.
    const anonymous = authorize(req.actor, action, bare);
    if (!anonymous.allowed && anonymous.code === 'UNAUTHENTICATED') {
      done(new DomainError(anonymous.code, anonymous.reason, { action }));
      return;
    }
    const load = config.resource;
    Promise.resolve()
      .then(() => load(req))
      .then(decide, done);
  });
}
