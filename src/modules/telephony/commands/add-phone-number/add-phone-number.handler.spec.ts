import { FixedClock } from '@test/fakes/ports/clock.fake';
import { FakeQueryBus } from '@test/fakes/ports/query-bus.fake';
import { InMemoryPhoneNumberRepository } from '@test/fakes/ports/telephony-ports.fake';
import { GetWorkspaceQuery } from '@modules/tenancy';
import { AddPhoneNumberCommand } from './add-phone-number.command';
import { AddPhoneNumberHandler } from './add-phone-number.handler';

const ORG = '0193a000-0000-7000-8000-000000000001';
const WS = '0193a000-0000-7000-8000-000000000002';
const SID = `PN${'b'.repeat(32)}`;

function setUp(workspaceExists = true) {
  const numbers = new InMemoryPhoneNumberRepository();
  const queries = new FakeQueryBus().answer(GetWorkspaceQuery, () => (workspaceExists ? { id: WS } : null));
  return { numbers, handler: new AddPhoneNumberHandler(numbers, new FixedClock(), queries.asBus()) };
}
const add = (phoneNumber = '+1 415 555 0100') =>
  new AddPhoneNumberCommand({ organizationId: ORG, workspaceId: WS, phoneNumber, twilioSid: SID, friendlyName: null });

describe('AddPhoneNumberHandler', () => {
  it('adds the number in E.164 to an existing workspace', async () => {
    const { numbers, handler } = setUp();
    const { phoneNumberId } = await handler.execute(add());
    expect(numbers.rows.get(phoneNumberId)?.e164).toBe('+14155550100');
    expect(numbers.saved).toEqual([{ id: phoneNumberId, events: ['phone_number.added'] }]);
  });

  it('refuses a number already taken, in this organization or another', async () => {
    const { numbers, handler } = setUp();
    await handler.execute(add());
    await expect(handler.execute(add('+14155550100'))).rejects.toMatchObject({ code: 'phone_number.taken' });
    numbers.takenElsewhere.add('+14155550199');
    await expect(handler.execute(add('+14155550199'))).rejects.toMatchObject({ code: 'phone_number.taken' });
    expect(numbers.saved).toHaveLength(1);
  });

  it('answers workspace.not_found before anything else', async () => {
    const { numbers, handler } = setUp(false);
    await expect(handler.execute(add())).rejects.toMatchObject({ code: 'workspace.not_found' });
    expect(numbers.saved).toEqual([]);
  });
});
