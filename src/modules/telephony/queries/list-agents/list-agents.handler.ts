import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type AgentView } from '../../../../domain/telephony/ports/telephony-read-model.port';
import { ListAgentsQuery } from './list-agents.query';

@QueryHandler(ListAgentsQuery)
export class ListAgentsHandler implements IQueryHandler<ListAgentsQuery, AgentView[]> {
  constructor(private readonly readModel: TelephonyReadModel) {}

  execute({ props: q }: ListAgentsQuery): Promise<AgentView[]> {
    return this.readModel.agents(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
