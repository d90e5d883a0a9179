import { Command } from '@nestjs/cqrs';
import type { OrganizationRole } from '@domain/tenancy/roles';

export interface ChangeMemberRoleProps {
  readonly organizationId: string;
  readonly userId: string;
  readonly role: OrganizationRole;
  readonly actorRole: OrganizationRole | null;
}

export class ChangeMemberRoleCommand extends Command<void> {
  constructor(readonly props: ChangeMemberRoleProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
