import { Command } from '@nestjs/cqrs';

export class RemovePhoneNumberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly phoneNumberId: string,
  ) {
    super();
  }
}
