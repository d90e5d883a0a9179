import { Query } from '@nestjs/cqrs';
import type { PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';

export interface ListPhoneNumbersProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly after: string | null;
  readonly limit: number;
}

export class ListPhoneNumbersQuery extends Query<PhoneNumberView[]> {
  constructor(readonly props: ListPhoneNumbersProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
