import { Command } from '@nestjs/cqrs';

/** The member stops being an agent; their number assignments go with it. */
export class RemoveAgentCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
  ) {
    super();
  }
}
