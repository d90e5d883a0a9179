import { Query } from '@nestjs/cqrs';
import type { PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetPhoneNumberProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly phoneNumberId: string;
}

export class GetPhoneNumberQuery extends Query<PhoneNumberView | null> {
  constructor(readonly props: GetPhoneNumberProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
