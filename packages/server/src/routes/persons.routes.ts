/** 个人档案: a citizen's own record, or staff of the region; every read is audited. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personResource, readPerson } from '../commands/read-person.ts';
import { commandContext } from './request-context.ts';
import { AccountView, errorResponses } from './schemas.ts';
import { accountView } from './views.ts';

export const personRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/persons/:id',
    {
      config: {
        action: 'person.read',
        resource: (req) => personResource(app.deps, (req.params as { id: string }).id),
      },
      schema: {
        tags: ['个人档案'],
        summary: '查看个人档案（读取留痕）',
        params: z.object({ id: z.uuid() }),
        response: { 200: AccountView.extend({ phone: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const { account } = await personResource(app.deps, req.params.id);
      const a = await readPerson(commandContext(app, req), account);
      const own = req.actor.id === a.id;
      return { ...accountView(a, { unmasked: own }), phone: a.phone };
    },
  );
};
