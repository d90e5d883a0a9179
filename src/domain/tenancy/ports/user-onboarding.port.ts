export interface SignedInUser {
  userId: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
}

/** Makes sure a signed-in user has a profile, joining the organization of their email domain on first sight. */
export abstract class UserOnboarding {
  abstract ensure(user: SignedInUser): Promise<void>;
}
