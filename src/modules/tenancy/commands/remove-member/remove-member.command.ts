import { Command } from '@nestjs/cqrs';
import type { OrganizationRole } from '@domain/tenancy/roles';

export interface RemoveMemberProps {
  readonly organizationId: string;
  readonly userId: string;
  readonly actorRole: OrganizationRole | null;
}

export class RemoveMemberCommand extends Command<void> {
  constructor(readonly props: RemoveMemberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
