import { Command } from '@nestjs/cqrs';

/** An agent's softphone got a token: the agent is online until it expires (unless busy). */
export class ConnectSoftphoneCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly workspaceId: string,
    readonly userId: string,
    readonly until: Date,
  ) {
    super();
  }
}
