import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@domain/tenancy/ports/user-onboarding.port';

export interface EnsureUserProfileProps {
  readonly user: SignedInUser;
}

/**
 * Platform work: creates or refreshes a profile. With a newly verified address the user takes
 * up the invitations sent to it and joins the organization that verified its domain.
 */
export class EnsureUserProfileCommand extends Command<{ created: boolean }> {
  readonly organizationId = null;
  constructor(readonly props: EnsureUserProfileProps) {
    super();
  }
}
