import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type AgentView } from '../../../../domain/telephony/ports/telephony-read-model.port';
import { WorkspaceLookup } from '../../workspace-lookup.service';
import { ListAgentsQuery } from './list-agents.query';

@QueryHandler(ListAgentsQuery)
export class ListAgentsHandler implements IQueryHandler<ListAgentsQuery, AgentView[]> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly workspaces: WorkspaceLookup,
  ) {}

  async execute({ props: q }: ListAgentsQuery): Promise<AgentView[]> {
    await this.workspaces.assertExists(q.organizationId, q.workspaceId);
    return this.readModel.agents(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
