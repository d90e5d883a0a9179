import { Body, Param, Query } from '@nestjs/common';
import { DomainError } from '@domain/shared/domain-error';
import { agentNotFound } from '@domain/telephony/errors';
import type { AgentView } from '@domain/telephony/ports/telephony-read-model.port';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { WorkspaceParam } from '@infrastructure/http/params';
import { CreateRoute, DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { AddAgentCommand } from '../commands/add-agent/add-agent.command';
import { RemoveAgentCommand } from '../commands/remove-agent/remove-agent.command';
import { UpdateAgentCommand } from '../commands/update-agent/update-agent.command';
import { GetAgentQuery } from '../queries/get-agent/get-agent.query';
import { ListAgentsQuery } from '../queries/list-agents/list-agents.query';
import { AddAgentDto, AgentDto, AgentPageDto, UpdateAgentDto } from './telephony.dto';

@OrganizationApi('agents', 'v1/organizations/:orgId/workspaces/:workspaceId/agents')
export class AgentsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({
    permission: 'telephony:read',
    summary: "The workspace's agents",
    ok: AgentPageDto,
    problems: { 404: ['workspace.not_found'] },
  })
  async list(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<AgentView>> {
    return this.cursors.list(page, `agents:${access.organizationId}:${workspaceId}`, 'userId', ({ after, limit }) =>
      this.queries.execute(new ListAgentsQuery({ organizationId: access.organizationId, workspaceId, after, limit })),
    );
  }

  @CreateRoute({
    permission: 'telephony:write',
    summary: 'Make a workspace member an agent, with a softphone identity',
    created: AgentDto,
    problems: {
      404: ['workspace.not_found', 'user.not_found'],
      409: ['agent.already_exists', 'agent.identity_taken'],
      422: ['agent.not_workspace_member', 'agent.invalid_identity'],
    },
  })
  async add(@OrgAccess() access: OrganizationAccess, @WorkspaceParam() workspaceId: string, @Body() body: AddAgentDto): Promise<AgentView> {
    const userId = body.userId.toLowerCase();
    return this.commands.executeAndAnswer(
      new AddAgentCommand({
        organizationId: access.organizationId,
        workspaceId,
        userId,
        identity: body.identity,
        availability: body.availability,
      }),
      () => this.get(access.organizationId, workspaceId, userId),
    );
  }

  @ReadRoute({ path: ':userId', permission: 'telephony:read', summary: 'One agent', ok: AgentDto, problems: { 404: ['agent.not_found'] } })
  getOne(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<AgentView> {
    return this.get(access.organizationId, workspaceId, userId);
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':userId',
    permission: 'telephony:read',
    summary: "Change an agent's identity or availability (admins; an agent may set their own availability)",
    ok: AgentDto,
    problems: { 404: ['agent.not_found'], 409: ['agent.identity_taken'], 422: ['agent.invalid_identity'] },
  })
  async update(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() body: UpdateAgentDto,
  ): Promise<AgentView> {
    const self = access.principal.kind === 'user' && access.principal.userId === userId;
    const onlyAvailability = body.identity === undefined;
    if (!access.can('telephony:write') && !(self && onlyAvailability)) {
      throw new DomainError('auth.forbidden', 'Only admins change agents; agents may set their own availability', 'forbidden');
    }
    await this.commands.execute(new UpdateAgentCommand({ organizationId: access.organizationId, workspaceId, userId, patch: body }));
    return this.get(access.organizationId, workspaceId, userId);
  }

  @DeleteRoute({
    path: ':userId',
    permission: 'telephony:write',
    summary: 'The member stops being an agent',
    problems: { 404: ['agent.not_found'] },
  })
  async remove(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveAgentCommand({ organizationId: access.organizationId, workspaceId, userId }));
  }

  private async get(organizationId: string, workspaceId: string, userId: string): Promise<AgentView> {
    return orElseThrow(await this.queries.execute(new GetAgentQuery({ organizationId, workspaceId, userId })), agentNotFound);
  }
}
