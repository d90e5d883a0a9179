import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TelephonyReadModel, type AgentView } from '@domain/telephony/ports/telephony-read-model.port';
import { ListAgentsQuery } from './list-agents.query';
import { TenantQueryBus } from '@modules/shared';
import { GetWorkspaceQuery } from '@modules/tenancy';
import { workspaceNotFound } from '@domain/tenancy/errors';

@QueryHandler(ListAgentsQuery)
export class ListAgentsHandler implements IQueryHandler<ListAgentsQuery, AgentView[]> {
  constructor(
    private readonly readModel: TelephonyReadModel,
    private readonly queries: TenantQueryBus,
  ) {}

  async execute({ props: q }: ListAgentsQuery): Promise<AgentView[]> {
    if (!(await this.queries.execute(new GetWorkspaceQuery({ organizationId: q.organizationId, workspaceId: q.workspaceId }))))
      throw workspaceNotFound();
    return this.readModel.agents(q.organizationId, q.workspaceId, q.after, q.limit);
  }
}
