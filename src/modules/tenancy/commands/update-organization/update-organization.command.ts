import { Command } from '@nestjs/cqrs';

/** `domain`: a string claims it (pending until verified, see ClaimDomainCommand), null gives the claim up. */
export class UpdateOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly patch: { name?: string; domain?: string | null; settings?: Record<string, unknown> },
  ) {
    super();
  }
}
