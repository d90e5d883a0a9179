import { Command } from '@nestjs/cqrs';

export interface RemovePhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
}

export class RemovePhoneNumberCommand extends Command<void> {
  constructor(readonly props: RemovePhoneNumberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
