/** Builds a command context from the app's dependencies and the request. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommandContext } from '../context.ts';

/** The command context of a request. */
export function commandContext(app: FastifyInstance, req: FastifyRequest): CommandContext {
  return {
    ...app.deps,
    actor: req.actor,
    requestId: req.id,
    ...(req.account ? { account: req.account } : {}),
  };
}
