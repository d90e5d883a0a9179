import { Injectable } from '@nestjs/common';
import { TenantQueryBus } from '../shared';
import { GetCallIdBySidQuery, GetCallQuery } from '../telephony';

/** What the recording context asks telephony about calls, through telephony's public queries. */
@Injectable()
export class CallRecordings {
  constructor(private readonly queries: TenantQueryBus) {}

  callIdOf(organizationId: string, callSid: string): Promise<string | null> {
    return this.queries.execute(new GetCallIdBySidQuery({ organizationId, callSid }));
  }

  async exists(organizationId: string, callId: string): Promise<boolean> {
    return (await this.queries.execute(new GetCallQuery({ organizationId, callId }))) !== null;
  }
}
