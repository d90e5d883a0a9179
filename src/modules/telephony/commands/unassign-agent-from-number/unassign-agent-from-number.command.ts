import { Command } from '@nestjs/cqrs';

export class UnassignAgentFromNumberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly phoneNumberId: string,
    readonly userId: string,
  ) {
    super();
  }
}
