import { Command } from '@nestjs/cqrs';
import type { OrganizationRole } from '../../../../domain/tenancy/roles';

export class ChangeMemberRoleCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly userId: string,
    readonly role: OrganizationRole,
    readonly actorRole: OrganizationRole | null,
  ) {
    super();
  }
}
