import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '../../../../domain/tenancy/ports/user-onboarding.port';

/** Platform work: creates or refreshes a profile; a new user joins the organization of their email domain. */
export class EnsureUserProfileCommand extends Command<{ created: boolean }> {
  readonly organizationId = null;
  constructor(readonly user: SignedInUser) {
    super();
  }
}
