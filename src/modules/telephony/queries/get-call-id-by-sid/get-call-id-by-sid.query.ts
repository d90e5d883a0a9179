import { Query } from '@nestjs/cqrs';

/** Other contexts find the call a Twilio CallSid (or one of its legs) belongs to. */
export class GetCallIdBySidQuery extends Query<string | null> {
  constructor(
    readonly organizationId: string,
    readonly callSid: string,
  ) {
    super();
  }
}
