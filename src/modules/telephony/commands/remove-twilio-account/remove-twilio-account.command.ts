import { Command } from '@nestjs/cqrs';

export interface RemoveTwilioAccountProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class RemoveTwilioAccountCommand extends Command<void> {
  constructor(readonly props: RemoveTwilioAccountProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
