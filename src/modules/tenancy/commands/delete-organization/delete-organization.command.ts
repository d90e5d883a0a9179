import { Command } from '@nestjs/cqrs';

/** Soft delete: the organization disappears for everyone; its audit trail stays. */
export class DeleteOrganizationCommand extends Command<void> {
  constructor(readonly organizationId: string) {
    super();
  }
}
