import { DEFAULT_DIALING_POLICY, DEFAULT_ORGANIZATION_SETTINGS, dialingPolicyOf, mergeSettings } from './organization-settings';

describe('dialing policy settings', () => {
  const current = DEFAULT_ORGANIZATION_SETTINGS;

  it('defaults to the countries of the own numbers, no prefixes, premium types refused, and daily caps', () => {
    expect(DEFAULT_ORGANIZATION_SETTINGS.dialingPolicy).toEqual({
      allowedCountries: null,
      blockedPrefixes: [],
      blockedNumberTypes: ['premium_rate', 'shared_cost', 'personal_number', 'pager'],
      dailyCallsPerAgent: 200,
      dailyCallsPerWorkspace: 2000,
    });
  });

  it('patches field by field, keeping the fields left out', () => {
    const next = mergeSettings(current, { dialingPolicy: { allowedCountries: ['US', 'FR'], dailyCallsPerAgent: 5 } });
    expect(next.dialingPolicy).toEqual({ ...DEFAULT_DIALING_POLICY, allowedCountries: ['US', 'FR'], dailyCallsPerAgent: 5 });
    expect(mergeSettings(next, { dialingPolicy: { blockedPrefixes: ['+1900', '+44870'] } }).dialingPolicy).toMatchObject({
      allowedCountries: ['US', 'FR'],
      dailyCallsPerAgent: 5,
      blockedPrefixes: ['+1900', '+44870'],
    });
    expect(mergeSettings(next, { dialingPolicy: { allowedCountries: null } }).dialingPolicy.allowedCountries).toBeNull();
  });

  it('fills the policy of settings stored before it existed', () => {
    const { dialingPolicy: _, ...old } = DEFAULT_ORGANIZATION_SETTINGS;
    expect(dialingPolicyOf(old)).toEqual(DEFAULT_DIALING_POLICY);
    expect(mergeSettings(old as typeof current, { dialingPolicy: { dailyCallsPerWorkspace: 10 } }).dialingPolicy).toEqual({
      ...DEFAULT_DIALING_POLICY,
      dailyCallsPerWorkspace: 10,
    });
  });

  it.each([
    ['a lowercase country', { allowedCountries: ['us'] }],
    ['an unknown country', { allowedCountries: ['XX'] }],
    ['a repeated country', { allowedCountries: ['US', 'US'] }],
    ['countries as a string', { allowedCountries: 'US' }],
    ['a prefix without +', { blockedPrefixes: ['1900'] }],
    ['a prefix with letters', { blockedPrefixes: ['+1-900'] }],
    ['a prefix too long', { blockedPrefixes: ['+1234567890123456'] }],
    ['an unknown number type', { blockedNumberTypes: ['expensive'] }],
    ['a negative cap', { dailyCallsPerAgent: -1 }],
    ['a fractional cap', { dailyCallsPerWorkspace: 1.5 }],
    ['a cap as a string', { dailyCallsPerWorkspace: '10' }],
    ['an unknown field', { maxCallsPerHour: 3 }],
  ])('refuses %s', (_, patch) => {
    expect(() => mergeSettings(current, { dialingPolicy: patch })).toThrow(
      expect.objectContaining({ code: 'organization.invalid_settings' }),
    );
  });

  it('refuses a policy that is not an object', () => {
    for (const value of [null, [], 'strict', 3]) {
      expect(() => mergeSettings(current, { dialingPolicy: value })).toThrow(
        expect.objectContaining({ code: 'organization.invalid_settings' }),
      );
    }
  });

  it('names the nested field it refuses', () => {
    expect(() => mergeSettings(current, { dialingPolicy: { blockedPrefixes: ['x'] } })).toThrow(
      expect.objectContaining({ details: { field: 'dialingPolicy.blockedPrefixes' } }),
    );
  });
});
