import { Command } from '@nestjs/cqrs';

export interface UpdateOrganizationProps {
  readonly organizationId: string;
  readonly patch: { name?: string; domain?: string | null; settings?: Record<string, unknown> };
}

/** `domain`: a string claims it (pending until verified, see ClaimDomainCommand), null gives the claim up. */
export class UpdateOrganizationCommand extends Command<void> {
  constructor(readonly props: UpdateOrganizationProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
