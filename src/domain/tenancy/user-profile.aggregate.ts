import { AggregateRoot } from '../shared/aggregate-root';

export interface UserProfileState {
  id: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  phone: string | null;
}

/** A person, keyed by the identity provider's subject. Belongs to no organization by itself. */
export class UserProfile extends AggregateRoot {
  private constructor(private state: UserProfileState) {
    super();
  }

  static fromClaims(state: UserProfileState): UserProfile {
    return new UserProfile({ ...state, email: state.email?.trim().toLowerCase() ?? null });
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
  /** The part after @, used to join the organization that verified it. */
  get emailDomain(): string | null {
    const at = this.state.email?.lastIndexOf('@') ?? -1;
    return at > 0 ? this.state.email!.slice(at + 1) : null;
  }
  snapshot(): Readonly<UserProfileState> {
    return this.state;
  }
}
