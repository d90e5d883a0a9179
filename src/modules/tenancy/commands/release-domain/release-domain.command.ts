import { Command } from '@nestjs/cqrs';

/** Gives up the organization's email domain: it captures nobody any more. */
export class ReleaseDomainCommand extends Command<void> {
  constructor(readonly organizationId: string) {
    super();
  }
}
