import { Command } from '@nestjs/cqrs';

/** Claims an email domain (pending until verified through DNS), replacing the organization's claim on another. */
export class ClaimDomainCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly domain: string,
  ) {
    super();
  }
}
