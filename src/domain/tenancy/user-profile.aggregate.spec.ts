import { UserProfile } from './user-profile.aggregate';

const profile = (email: string | null, emailVerified: boolean) =>
  UserProfile.fromClaims({ id: 'u1', email, emailVerified, fullName: null, avatarUrl: null, phone: null });

describe('UserProfile', () => {
  it('keeps an address lowercased, and verified only when the token said so', () => {
    expect(profile(' Ana@Acme.COM ', true).snapshot()).toMatchObject({ email: 'ana@acme.com', emailVerified: true });
    expect(profile('ana@acme.com', false).emailVerified).toBe(false);
    expect(profile(null, true).emailVerified).toBe(false);
    expect(profile('ana@Acme.com', true).emailDomain).toBe('acme.com');
  });

  it('opens doors once per verified address: first sign-in, or when the address becomes verified', () => {
    expect(profile('ana@acme.com', true).newlyVerifiedEmail(null)).toBe('ana@acme.com');
    expect(profile('ana@acme.com', false).newlyVerifiedEmail(null)).toBeNull();
    expect(profile('ana@acme.com', true).newlyVerifiedEmail(profile('ana@acme.com', false))).toBe('ana@acme.com');
    expect(profile('ana@acme.com', true).newlyVerifiedEmail(profile('ana@acme.com', true))).toBeNull();
    expect(profile('ana@beta.com', true).newlyVerifiedEmail(profile('ana@acme.com', true))).toBe('ana@beta.com');
  });
});
