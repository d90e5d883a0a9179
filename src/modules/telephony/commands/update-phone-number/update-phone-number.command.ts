import { Command } from '@nestjs/cqrs';
import type { RingStrategy } from '@domain/telephony/phone-number.aggregate';

export interface UpdatePhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
  readonly patch: { friendlyName?: string | null; ringStrategy?: RingStrategy };
}

export class UpdatePhoneNumberCommand extends Command<void> {
  constructor(readonly props: UpdatePhoneNumberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
