import { Query } from '@nestjs/cqrs';

export interface GetCallIdBySidProps {
  readonly organizationId: string;
  readonly callSid: string;
}

/** Other contexts find the call a Twilio CallSid (or one of its legs) belongs to. */
export class GetCallIdBySidQuery extends Query<string | null> {
  constructor(readonly props: GetCallIdBySidProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
