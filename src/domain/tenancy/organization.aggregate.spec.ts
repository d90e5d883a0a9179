import { Organization } from './organization.aggregate';

describe('Organization', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('refuses a blank name', () => {
    expect(Organization.create({ name: ' Acme ', now }).name).toBe('Acme');
    expect(() => Organization.create({ name: '   ', now })).toThrow(expect.objectContaining({ code: 'organization.invalid_name' }));
  });

  it('records only the fields that changed, before and after', () => {
    const org = Organization.create({ name: 'Acme', now });
    org.pullEvents();
    org.update({ name: 'Acme', settings: { retentionDays: 30 } });
    const [event] = org.pullEvents();
    expect(event!.type).toBe('organization.updated');
    expect(event!.changes.before).toEqual({ settings: expect.objectContaining({ retentionDays: 365 }) });
    expect(event!.changes.after).toEqual({ settings: expect.objectContaining({ retentionDays: 30 }) });
  });

  it('refuses unknown or out-of-range settings', () => {
    const org = Organization.create({ name: 'Acme', now });
    expect(() => org.update({ settings: { reviewThreshold: 2 } })).toThrow(
      expect.objectContaining({ code: 'organization.invalid_settings' }),
    );
    expect(() => org.update({ settings: { colour: 'red' } })).toThrow(expect.objectContaining({ code: 'organization.invalid_settings' }));
  });

  it('soft-deletes once', () => {
    const org = Organization.create({ name: 'Acme', now });
    org.pullEvents();
    org.delete(now);
    org.delete(now);
    expect(org.isDeleted).toBe(true);
    expect(org.pullEvents().map((e) => e.type)).toEqual(['organization.deleted']);
  });
});

describe('Organization settings patch', () => {
  it('ignores fields left undefined by a partial update', () => {
    const org = Organization.create({ name: 'Acme', now: new Date() });
    org.update({ settings: { retentionDays: 30, reviewThreshold: undefined } });
    expect(org.settings).toMatchObject({ retentionDays: 30, reviewThreshold: 0.6 });
  });
});
