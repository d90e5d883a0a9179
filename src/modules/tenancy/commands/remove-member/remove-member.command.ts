import { Command } from '@nestjs/cqrs';
import type { OrganizationRole } from '../../../../domain/tenancy/roles';

export class RemoveMemberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly userId: string,
    readonly actorRole: OrganizationRole | null,
  ) {
    super();
  }
}
