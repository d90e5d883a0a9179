import { PhoneNumber } from './phone-number.aggregate';

const ORG = '0193a000-0000-7000-8000-000000000001';
const WS = '0193a000-0000-7000-8000-000000000002';
const SID = `PN${'a'.repeat(32)}`;
const NOW = new Date('2026-03-01T09:00:00.000Z');
const [ANA, BEN, CAT] = ['u-ana', 'u-ben', 'u-cat'];

function added(): PhoneNumber {
  const n = PhoneNumber.add({
    organizationId: ORG,
    workspaceId: WS,
    phoneNumber: '+14155550100',
    twilioSid: SID,
    friendlyName: '  Front desk ',
    now: NOW,
  });
  n.pullEvents();
  return n;
}

describe('PhoneNumber', () => {
  it('is added in E.164 with a Twilio PN sid, ringing everyone at once by default', () => {
    const n = PhoneNumber.add({
      organizationId: ORG,
      workspaceId: WS,
      phoneNumber: '+1 415 555 0100',
      twilioSid: SID,
      friendlyName: '  ',
      now: NOW,
    });
    expect([n.e164, n.ringStrategy, n.snapshot().friendlyName]).toEqual(['+14155550100', 'simultaneous', null]);
    expect(n.pullEvents().map((e) => [e.type, e.payload])).toEqual([
      ['phone_number.added', { workspaceId: WS, phoneNumber: '+14155550100' }],
    ]);
  });

  it('refuses a sid that is not PN followed by 32 hex digits', () => {
    expect(() =>
      PhoneNumber.add({ organizationId: ORG, workspaceId: WS, phoneNumber: '+14155550100', twilioSid: 'PN123', now: NOW }),
    ).toThrow(expect.objectContaining({ code: 'phone_number.invalid_sid' }));
  });

  it('keeps its agents in ringing order: appended, inserted at a position, moved, removed', () => {
    const n = added();
    n.assignAgent(ANA, null);
    n.assignAgent(BEN, null);
    n.assignAgent(CAT, 0);
    expect(n.agentIds).toEqual([CAT, ANA, BEN]);
    n.assignAgent(BEN, 99); // already last: nothing changes
    n.assignAgent(ANA, 2);
    expect(n.agentIds).toEqual([CAT, BEN, ANA]);
    expect(n.unassignAgent(CAT)).toBe(true);
    expect(n.unassignAgent(CAT)).toBe(false);
    expect(n.agentIds).toEqual([BEN, ANA]);
    expect(n.pullEvents().map((e) => e.type)).toEqual([
      'agent_number.assigned',
      'agent_number.assigned',
      'agent_number.assigned',
      'agent_number.assigned',
      'agent_number.unassigned',
    ]);
  });

  it('records an update only for fields that changed', () => {
    const n = added();
    n.update({ friendlyName: 'Front desk', ringStrategy: 'simultaneous' });
    expect(n.pullEvents()).toEqual([]);
    n.update({ ringStrategy: 'sequential' });
    expect(n.pullEvents().map((e) => [e.type, e.changes])).toEqual([
      ['phone_number.updated', { before: { ringStrategy: 'simultaneous' }, after: { ringStrategy: 'sequential' } }],
    ]);
  });

  it('is removed once, dropping its ringing list', () => {
    const n = added();
    n.assignAgent(ANA, null);
    n.pullEvents();
    n.remove(NOW);
    n.remove(NOW);
    expect(n.agentIds).toEqual([]);
    expect(n.pullEvents().map((e) => e.type)).toEqual(['phone_number.removed']);
  });
});
