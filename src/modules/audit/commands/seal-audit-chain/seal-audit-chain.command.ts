import { Command } from '@nestjs/cqrs';

/** Appends the organization's unsealed audit rows to its hash chain. Returns how many. */
export class SealAuditChainCommand extends Command<number> {
  constructor(readonly organizationId: string) {
    super();
  }
}
