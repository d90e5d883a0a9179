import { StatefulAggregate } from '../shared/aggregate-root';
import { emailDomainOf } from './email-domain';

export interface UserProfileState {
  id: string;
  email: string | null;
  /** The identity provider vouched for the address (`email_verified: true` in the token). */
  emailVerified: boolean;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
}

/** A person, keyed by the identity provider's subject. Belongs to no organization by itself. */
export class UserProfile extends StatefulAggregate<UserProfileState> {
  static fromClaims(state: UserProfileState): UserProfile {
    const email = state.email?.trim().toLowerCase() || null;
    return new UserProfile({ ...state, email, emailVerified: email !== null && state.emailVerified === true });
  }

  static restore(state: UserProfileState): UserProfile {
    return new UserProfile({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get email(): string | null {
    return this.state.email;
  }
  get emailVerified(): boolean {
    return this.state.emailVerified;
  }
  /** The part after @, used to join the organization that verified the domain. */
  get emailDomain(): string | null {
    return emailDomainOf(this.state.email);
  }
  /**
   * The verified address this profile newly stands for, compared with what was stored before:
   * invitations to it are taken up, and its domain's organization joined, once per address.
   */
  newlyVerifiedEmail(previous: UserProfile | null): string | null {
    if (!this.state.emailVerified || this.state.email === null) return null;
    if (previous && previous.emailVerified && previous.email === this.state.email) return null;
    return this.state.email;
  }
}
