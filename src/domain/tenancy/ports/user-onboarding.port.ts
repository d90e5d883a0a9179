export interface SignedInUser {
  userId: string;
  email: string | null;
  /** The token says the identity provider verified the address; only then does it open doors (invitations, the domain). Absent: not verified. */
  emailVerified?: boolean;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
}

/**
 * Makes sure a signed-in user has a profile. Once the address is verified, the user takes up
 * the invitations sent to it and joins the organization that verified its domain.
 */
export abstract class UserOnboarding {
  abstract ensure(user: SignedInUser): Promise<void>;
}
