import { Command } from '@nestjs/cqrs';
import type { OrganizationRole } from '../../../../domain/tenancy/roles';

export class AddMemberCommand extends Command<{ userId: string }> {
  constructor(
    readonly organizationId: string,
    readonly user: { userId: string } | { email: string },
    readonly role: OrganizationRole,
    /** Role of whoever adds; null for API keys. Only owners make owners. */
    readonly actorRole: OrganizationRole | null,
  ) {
    super();
  }
}
