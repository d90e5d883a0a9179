import { Injectable } from '@nestjs/common';
import { TelephonyProviderError } from '@domain/telephony/errors';
import { TelephonyGateway } from '@domain/telephony/ports/telephony-gateway.port';
import { TenantQueryBus } from '../shared';
import { GetCallQuery } from './queries/get-call/get-call.query';
import { TwilioCredentialsService } from './twilio-credentials.service';

/** What became of Twilio's record of one call. */
export interface TwilioCallRecordDeletion {
  callId: string;
  callSid: string | null;
  /** `refused`: Twilio would not delete it (a call still in progress); `providerCode` says why. */
  answer: 'deleted' | 'already_gone' | 'refused' | 'no_call';
  providerCode: number | null;
}

/**
 * Twilio's own records of calls (its call logs) are copies too: erasure deletes them, one call
 * at a time, outside any transaction (an HTTP call each). Twilio unreachable throws, so the
 * erasure job retries; a refusal is answered, so the receipt can say it.
 */
@Injectable()
export class TwilioCallRecordsService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly credentials: TwilioCredentialsService,
    private readonly gateway: TelephonyGateway,
  ) {}

  async delete(organizationId: string, callIds: readonly string[]): Promise<TwilioCallRecordDeletion[]> {
    const answers: TwilioCallRecordDeletion[] = [];
    for (const callId of callIds) {
      const call = await this.queries.execute(new GetCallQuery({ organizationId, callId }));
      if (!call) {
        answers.push({ callId, callSid: null, answer: 'no_call', providerCode: null });
        continue;
      }
      const twilio = await this.credentials.forWorkspace(organizationId, call.workspaceId);
      try {
        const answer = await this.gateway.deleteCall({ accountSid: twilio.accountSid, authToken: twilio.authToken }, call.callSid);
        answers.push({ callId, callSid: call.callSid, answer, providerCode: null });
      } catch (error) {
        if (!(error instanceof TelephonyProviderError)) throw error;
        answers.push({ callId, callSid: call.callSid, answer: 'refused', providerCode: error.providerCode });
      }
    }
    return answers;
  }
}
