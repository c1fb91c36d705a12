/** 个人档案: a citizen's own record, or staff of the region; every read is audited. */

import { maskPhone } from '@renshe/domain/privacy/mask.ts';
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
        summary: '查看个人档案（读取留痕；工作人员看到的证件号码和手机号已脱敏）',
        params: z.object({ id: z.uuid() }),
        response: { 200: AccountView.extend({ phone: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const { account } = await personResource(app.deps, req.params.id);
      const a = await readPerson(commandContext(app, req), account);
      const own = req.actor.id === a.id;
      // Staff see identifiers masked (the read itself is audited); only the person sees them whole.
      return { ...accountView(a, { unmasked: own }), phone: own || !a.phone ? a.phone : maskPhone(a.phone) };
    },
  );
};
