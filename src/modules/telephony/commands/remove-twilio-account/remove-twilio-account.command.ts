import { Command } from '@nestjs/cqrs';

export class RemoveTwilioAccountCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
  ) {
    super();
  }
}
