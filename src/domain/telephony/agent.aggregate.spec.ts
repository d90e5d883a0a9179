import { Agent } from './agent.aggregate';
import { checkDestination } from './dialing-policy';

const t0 = new Date('2026-03-02T12:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function agent(availability?: 'available' | 'busy' | 'offline'): Agent {
  const a = Agent.add({ organizationId: 'org', workspaceId: 'ws', userId: 'u1', identity: 'ana', availability, now: t0 });
  a.pullEvents();
  return a;
}

describe('Agent presence', () => {
  it('comes online with a softphone token, until it expires', () => {
    const a = agent();
    expect(a.availabilityAt(t0)).toBe('offline');
    a.softphoneConnected(at(60), t0);
    expect(a.availabilityAt(at(59))).toBe('available');
    expect(a.availabilityAt(at(60))).toBe('offline');
    expect(a.pullEvents().map((e) => [e.type, e.changes])).toEqual([
      [
        'agent.updated',
        { before: { availability: 'offline' }, after: { availability: 'available', presenceExpiresAt: at(60).toISOString() } },
      ],
    ]);
  });

  it('extends a live presence without an event, and never shortens it', () => {
    const a = agent();
    a.softphoneConnected(at(60), t0);
    a.pullEvents();
    a.softphoneConnected(at(90), at(30));
    expect(a.snapshot().presenceExpiresAt).toEqual(at(90));
    a.softphoneConnected(at(70), at(31));
    expect(a.snapshot().presenceExpiresAt).toEqual(at(90));
    expect(a.pullEvents()).toEqual([]);
  });

  it('comes back after lapsing, with an event', () => {
    const a = agent();
    a.softphoneConnected(at(60), t0);
    a.pullEvents();
    a.softphoneConnected(at(180), at(120));
    expect(a.availabilityAt(at(121))).toBe('available');
    expect(a.pullEvents()).toHaveLength(1);
  });

  it('keeps busy, and an availability set by hand, whatever the token', () => {
    const busy = agent('busy');
    busy.softphoneConnected(at(60), t0);
    expect(busy.availabilityAt(t0)).toBe('busy');
    const pinned = agent('available');
    pinned.softphoneConnected(at(60), t0);
    expect(pinned.availabilityAt(at(600))).toBe('available');
    expect([...busy.pullEvents(), ...pinned.pullEvents()]).toEqual([]);
  });

  it('a change by hand clears the expiry and records what routing saw before', () => {
    const a = agent();
    a.softphoneConnected(at(60), t0);
    a.pullEvents();
    a.update({ availability: 'available' }, at(90)); // lapsed: routing saw offline
    expect(a.availabilityAt(at(600))).toBe('available');
    expect(a.pullEvents().map((e) => e.changes)).toEqual([
      {
        before: { availability: 'offline', presenceExpiresAt: at(60).toISOString() },
        after: { availability: 'available', presenceExpiresAt: null },
      },
    ]);
  });
});

describe('Agent dial refusals', () => {
  it('records call.dial_refused on the agent, with the destination and why', () => {
    const a = agent();
    const refusal = checkDestination(
      {
        allowedCountries: ['US'],
        blockedPrefixes: [],
        blockedNumberTypes: ['premium_rate'],
        dailyCallsPerAgent: 1,
        dailyCallsPerWorkspace: 1,
      },
      '+19005550100',
      [],
    );
    a.dialRefused('+19005550100', refusal!, 'softphone');
    const [event] = a.pullEvents();
    expect(event).toMatchObject({
      type: 'call.dial_refused',
      resourceType: 'agent',
      resourceId: 'ws:u1',
      payload: { destination: '+19005550100', reason: 'blocked_number_type', channel: 'softphone' },
    });
    expect(event!.changes.after).toMatchObject({ code: 'telephony.premium_destination', numberType: 'premium_rate' });
  });
});
