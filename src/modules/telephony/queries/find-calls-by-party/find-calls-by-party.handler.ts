import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyPersonalDataEraser } from '@domain/telephony/ports/telephony-personal-data-eraser.port';
import { FindCallsByPartyQuery } from './find-calls-by-party.query';

@QueryHandler(FindCallsByPartyQuery)
export class FindCallsByPartyHandler implements IQueryHandler<FindCallsByPartyQuery, { callId: string; workspaceId: string }[]> {
  constructor(private readonly eraser: TelephonyPersonalDataEraser) {}

  execute({ props: q }: FindCallsByPartyQuery): Promise<{ callId: string; workspaceId: string }[]> {
    return this.eraser.callsWithParty(q.organizationId, q.phoneNumbers);
  }
}
