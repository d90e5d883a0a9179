import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type AgentView } from '@domain/telephony/ports/telephony-read-model.port';
import { GetAgentQuery } from './get-agent.query';

@QueryHandler(GetAgentQuery)
export class GetAgentHandler implements IQueryHandler<GetAgentQuery, AgentView | null> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: GetAgentQuery): Promise<AgentView | null> {
    return this.readModel.agent(q.organizationId, q.workspaceId, q.userId);
  }
}
