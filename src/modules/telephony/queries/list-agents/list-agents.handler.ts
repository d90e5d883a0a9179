import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type AgentView } from '@domain/telephony/ports/telephony-read-model.port';
import { ListAgentsQuery } from './list-agents.query';
import { TenantQueryBus } from '@modules/shared';
import { assertWorkspaceExists } from '../../workspace-exists';

@QueryHandler(ListAgentsQuery)
export class ListAgentsHandler implements IQueryHandler<ListAgentsQuery, AgentView[]> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: q }: ListAgentsQuery): Promise<AgentView[]> {
    await assertWorkspaceExists(this.queries, q.organizationId, q.workspaceId);
    return this.readModel.agents(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
