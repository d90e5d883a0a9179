import {
  checkDailyCaps,
  checkDestination,
  countryOf,
  dialRefusedError,
  numberTypeOf,
  startOfUtcDay,
  type DialingPolicy,
} from './dialing-policy';

const policy: DialingPolicy = {
  allowedCountries: ['US', 'CA', 'FR'],
  blockedPrefixes: ['+1242', '+3361239'],
  blockedNumberTypes: ['premium_rate', 'shared_cost', 'personal_number', 'pager'],
  dailyCallsPerAgent: 3,
  dailyCallsPerWorkspace: 5,
};
const OWN = ['+14155550100'];

describe('dialing policy: destinations', () => {
  it("reads types and countries from libphonenumber's full metadata", () => {
    expect(numberTypeOf('+19005550100')).toBe('premium_rate');
    expect(numberTypeOf('+33810123456')).toBe('shared_cost');
    expect(numberTypeOf('+12065550143')).toBe('fixed_line_or_mobile');
    expect(countryOf('+16135550100')).toBe('CA');
    expect(countryOf('+881612345678')).toBeNull();
  });

  it('lets an ordinary number in an allowed country through', () => {
    expect(checkDestination(policy, '+12065550143', OWN)).toBeNull();
    expect(checkDestination(policy, '+33612345678', OWN)).toBeNull();
    expect(checkDestination(policy, '+18005550100', OWN)).toBeNull(); // toll free costs the callee
  });

  it('refuses premium-rate and shared-cost numbers even in an allowed country', () => {
    expect(checkDestination(policy, '+19005550100', OWN)).toMatchObject({
      reason: 'blocked_number_type',
      code: 'telephony.premium_destination',
      details: { numberType: 'premium_rate' },
    });
    expect(checkDestination(policy, '+33810123456', OWN)).toMatchObject({
      code: 'telephony.premium_destination',
      details: { numberType: 'shared_cost' },
    });
    expect(checkDestination(policy, '+15005550006', OWN)).toMatchObject({ details: { numberType: 'personal_number' } });
  });

  it('refuses a country not on the list, including a +1 country outside it (Jamaica)', () => {
    expect(checkDestination(policy, '+442079460958', OWN)).toMatchObject({
      reason: 'country_not_allowed',
      code: 'telephony.destination_not_allowed',
      details: { country: 'GB' },
    });
    expect(checkDestination(policy, '+18765550100', OWN)).toMatchObject({ reason: 'country_not_allowed', details: { country: 'JM' } });
  });

  it('refuses numbers of no country (satellite) whatever the list', () => {
    expect(checkDestination(policy, '+881612345678', OWN)).toMatchObject({ reason: 'country_not_allowed', details: { country: null } });
  });

  it('refuses a blocked prefix first, in an allowed country', () => {
    expect(checkDestination(policy, '+33612345678', OWN)).toBeNull();
    expect(checkDestination({ ...policy, blockedPrefixes: ['+336'] }, '+33612345678', OWN)).toMatchObject({
      reason: 'blocked_prefix',
      code: 'telephony.destination_not_allowed',
      details: { prefix: '+336' },
    });
  });

  it('without a country list, allows the countries of the own numbers only', () => {
    const own = { ...policy, allowedCountries: null };
    expect(checkDestination(own, '+12065550143', OWN)).toBeNull();
    expect(checkDestination(own, '+16135550100', OWN)).toMatchObject({ reason: 'country_not_allowed', details: { country: 'CA' } });
    expect(checkDestination(own, '+16135550100', [...OWN, '+16135550199'])).toBeNull();
    expect(checkDestination(own, '+12065550143', [])).toMatchObject({ reason: 'country_not_allowed' });
  });

  it('allows no country at all with an empty list', () => {
    expect(checkDestination({ ...policy, allowedCountries: [] }, '+12065550143', OWN)).toMatchObject({ reason: 'country_not_allowed' });
  });
});

describe('dialing policy: daily caps', () => {
  it('allows calls below both caps and refuses at the agent cap first', () => {
    expect(checkDailyCaps(policy, { agent: 2, workspace: 4 })).toBeNull();
    expect(checkDailyCaps(policy, { agent: 3, workspace: 3 })).toMatchObject({
      reason: 'agent_daily_cap',
      code: 'telephony.daily_dial_cap_reached',
      details: { scope: 'agent', limit: 3 },
    });
    expect(checkDailyCaps(policy, { agent: 0, workspace: 5 })).toMatchObject({
      reason: 'workspace_daily_cap',
      details: { scope: 'workspace', limit: 5 },
    });
  });

  it('refuses every call with a cap of zero', () => {
    expect(checkDailyCaps({ ...policy, dailyCallsPerAgent: 0 }, { agent: 0, workspace: 0 })).toMatchObject({ reason: 'agent_daily_cap' });
  });

  it('counts from midnight UTC', () => {
    expect(startOfUtcDay(new Date('2026-03-01T23:59:59.999-05:00'))).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(startOfUtcDay(new Date('2026-03-02T00:00:00Z'))).toEqual(new Date('2026-03-02T00:00:00Z'));
  });
});

describe('dialing policy: the problem', () => {
  it('is a 403-kind domain error with the reason in its details', () => {
    const error = dialRefusedError(checkDestination(policy, '+19005550100', OWN)!);
    expect(error).toMatchObject({
      code: 'telephony.premium_destination',
      kind: 'forbidden',
      details: { reason: 'blocked_number_type', numberType: 'premium_rate', destination: '+19005550100' },
    });
  });
});
