import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AnalysisReadModel } from '@domain/analysis/ports/analysis-read-model.port';
import { GetConversationQuery, ListCallRecordingsQuery } from '@modules/recording';
import { GetCallQuery } from '@modules/telephony';
import { GetCallOverviewQuery, type CallOverviewView } from './get-call-overview.query';

/**
 * Analysis sits above telephony and recording, so the call's full picture is put together
 * here, from each context's own queries, in the one read transaction the bus opened.
 */
@QueryHandler(GetCallOverviewQuery)
export class GetCallOverviewHandler implements IQueryHandler<GetCallOverviewQuery, CallOverviewView | null> {
  constructor(
    private readonly queries: QueryBus,
    private readonly analyses: AnalysisReadModel,
  ) {}

  async execute({ props }: GetCallOverviewQuery): Promise<CallOverviewView | null> {
    const { organizationId, callId, sections } = props;
    const call = await this.queries.execute(new GetCallQuery({ organizationId, callId }));
    if (!call) return null;
    const overview: CallOverviewView = { ...call };
    if (sections.recordings) {
      overview.recordings = await this.queries.execute(new ListCallRecordingsQuery({ organizationId, callId }));
    }
    if (sections.conversation) {
      overview.conversation = await this.queries.execute(new GetConversationQuery({ organizationId, callId }));
    }
    if (sections.analysis) overview.analysis = await this.analyses.forCall(organizationId, callId);
    return overview;
  }
}
