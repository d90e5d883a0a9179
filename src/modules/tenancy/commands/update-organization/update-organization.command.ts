import { Command } from '@nestjs/cqrs';

export class UpdateOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly patch: { name?: string; domain?: string | null; settings?: Record<string, unknown> },
  ) {
    super();
  }
}
