import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '@domain/shared/domain-error';
import { agentNotFound } from '@domain/telephony/errors';
import type { AgentView } from '@domain/telephony/ports/telephony-read-model.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { Idempotent } from '@infrastructure/http/idempotency.interceptor';
import { ApiIdempotencyKey, ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, DEFAULT_PAGE_SIZE, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { AddAgentCommand } from '../commands/add-agent/add-agent.command';
import { RemoveAgentCommand } from '../commands/remove-agent/remove-agent.command';
import { UpdateAgentCommand } from '../commands/update-agent/update-agent.command';
import { GetAgentQuery } from '../queries/get-agent/get-agent.query';
import { ListAgentsQuery } from '../queries/list-agents/list-agents.query';
import { AddAgentDto, AgentDto, AgentPageDto, UpdateAgentDto } from './telephony.dto';

@ApiTags('agents')
@ApiBearerAuth('supabase')
@ApiSecurity('apiKey')
@Controller('v1/organizations/:orgId/workspaces/:workspaceId/agents')
export class AgentsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @Get()
  @RequirePermission('telephony:read')
  @ApiOperation({ summary: "The workspace's agents" })
  @ApiOkResponse({ type: AgentPageDto })
  @ApiProblems({ 404: ['workspace.not_found'] })
  async list(
    @OrgAccess() access: OrganizationAccess,
    @Param('workspaceId', UuidParamPipe) workspaceId: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<AgentView>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const scope = `agents:${access.organizationId}:${workspaceId}`;
    const after = this.cursors.decode(page.cursor, scope, {});
    const rows = await this.queries.execute(
      new ListAgentsQuery({ organizationId: access.organizationId, workspaceId, after, limit: limit + 1 }),
    );
    return this.cursors.page(rows, limit, scope, {}, (a) => a.userId);
  }

  @Post()
  @Idempotent()
  @RequirePermission('telephony:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Make a workspace member an agent, with a softphone identity' })
  @ApiCreatedResponse({ type: AgentDto })
  @ApiProblems({
    404: ['workspace.not_found', 'user.not_found'],
    409: ['agent.already_exists', 'agent.identity_taken'],
    422: ['agent.not_workspace_member', 'agent.invalid_identity'],
  })
  async add(
    @OrgAccess() access: OrganizationAccess,
    @Param('workspaceId', UuidParamPipe) workspaceId: string,
    @Body() body: AddAgentDto,
  ): Promise<AgentView> {
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

  @Get(':userId')
  @RequirePermission('telephony:read')
  @ApiOperation({ summary: 'One agent' })
  @ApiOkResponse({ type: AgentDto })
  @ApiProblems({ 404: ['agent.not_found'] })
  getOne(
    @OrgAccess() access: OrganizationAccess,
    @Param('workspaceId', UuidParamPipe) workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<AgentView> {
    return this.get(access.organizationId, workspaceId, userId);
  }

  @Patch(':userId')
  @RequirePermission('telephony:read')
  @ApiOperation({ summary: "Change an agent's identity or availability (admins; an agent may set their own availability)" })
  @ApiOkResponse({ type: AgentDto })
  @ApiProblems({ 404: ['agent.not_found'], 409: ['agent.identity_taken'], 422: ['agent.invalid_identity'] })
  async update(
    @OrgAccess() access: OrganizationAccess,
    @Param('workspaceId', UuidParamPipe) workspaceId: string,
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

  @Delete(':userId')
  @HttpCode(204)
  @RequirePermission('telephony:write')
  @ApiOperation({ summary: 'The member stops being an agent' })
  @ApiNoContentResponse()
  @ApiProblems({ 404: ['agent.not_found'] })
  async remove(
    @OrgAccess() access: OrganizationAccess,
    @Param('workspaceId', UuidParamPipe) workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveAgentCommand({ organizationId: access.organizationId, workspaceId, userId }));
  }

  private async get(organizationId: string, workspaceId: string, userId: string): Promise<AgentView> {
    const view = await this.queries.execute(new GetAgentQuery({ organizationId, workspaceId, userId }));
    if (!view) throw agentNotFound();
    return view;
  }
}
