import * as pf from '../../../src/infrastructure/http/problem.filter';
import { startTestApp } from '../../support/test-app';
it('dbg', async () => {
  const orig = pf.toProblem;
  const spy = jest.spyOn(pf, 'toProblem').mockImplementation((e: any, i: string, r?: string) => { console.log('ERR', e?.constructor?.name, e?.code, e?.statusCode, e?.message, typeof e?.getStatus); return orig(e, i, r); });
  const t = await startTestApp();
  const { orgId, apiKey } = await t.organization();
  const r = await t.request('POST', `/v1/organizations/${orgId}/workspaces`, { apiKey }, JSON.stringify({ name: 'x'.repeat(1_100_000) }), { 'content-type': 'application/json' });
  console.log(r.statusCode, r.body);
  spy.mockRestore();
  await t.close();
});
