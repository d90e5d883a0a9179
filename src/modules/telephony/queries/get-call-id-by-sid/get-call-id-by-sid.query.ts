import { OrganizationQuery } from '../../../shared';

export interface GetCallIdBySidProps {
  readonly organizationId: string;
  readonly callSid: string;
}

/** Other contexts find the call a Twilio CallSid (or one of its legs) belongs to. */
export class GetCallIdBySidQuery extends OrganizationQuery<GetCallIdBySidProps, string | null> {}
