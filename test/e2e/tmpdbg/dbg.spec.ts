import { startTestApp } from '../../support/test-app';
it('dbg', async () => {
  const t = await startTestApp();
  const f: any = t.app.getHttpAdapter().getInstance();
  const orig = f.errorHandler ?? f[Symbol.for('fastify.errorHandler')];
  const { orgId, apiKey } = await t.organization();
  const origProto = Object.getPrototypeOf(t.app.getHttpAdapter().getInstance());
  const r = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, JSON.stringify({ name: 'x'.repeat(1_100_000) }), { 'content-type': 'application/json' });
  console.log(r.statusCode, r.body);
  const { toProblem } = require('../../../src/infrastructure/http/problem.filter');
  const errors = require('fastify/lib/errors');
  const e = new errors.FST_ERR_CTP_BODY_TOO_LARGE();
  console.log(e.code, e.statusCode, e.constructor.name, JSON.stringify(toProblem(e, '/x').body));
  await t.close();
});
