import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RecordingPauseReadModel, TelephonyReadModel, type CallDetailView } from '@domain/telephony/ports/telephony-read-model.port';
import { GetCallQuery } from './get-call.query';

@QueryHandler(GetCallQuery)
export class GetCallHandler implements IQueryHandler<GetCallQuery, CallDetailView | null> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly pauses: RecordingPauseReadModel,
  ) {}

  async execute({ props: q }: GetCallQuery): Promise<CallDetailView | null> {
    const call = await this.readModel.call(q.organizationId, q.callId);
    if (!call) return null;
    return { ...call, recordingPauses: await this.pauses.pausesOfCall(q.organizationId, q.callId) };
  }
}
