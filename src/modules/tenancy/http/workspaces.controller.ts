import { Body, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { memberNotFound, workspaceNotFound } from '@domain/tenancy/errors';
import type { WorkspaceMemberView, WorkspaceView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { OrgAccess, RequirePermission, WorkspaceDutyOf } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { WorkspaceParam } from '@infrastructure/http/params';
import { CreateRoute, DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CreateWorkspaceCommand } from '../commands/create-workspace/create-workspace.command';
import { DeleteWorkspaceCommand } from '../commands/delete-workspace/delete-workspace.command';
import { RemoveWorkspaceMemberCommand } from '../commands/remove-workspace-member/remove-workspace-member.command';
import { SetWorkspaceMemberCommand } from '../commands/set-workspace-member/set-workspace-member.command';
import { UpdateWorkspaceCommand } from '../commands/update-workspace/update-workspace.command';
import { GetWorkspaceMemberQuery } from '../queries/get-workspace-member/get-workspace-member.query';
import { GetWorkspaceQuery } from '../queries/get-workspace/get-workspace.query';
import { ListWorkspaceMembersQuery } from '../queries/list-workspace-members/list-workspace-members.query';
import { ListWorkspacesQuery } from '../queries/list-workspaces/list-workspaces.query';
import {
  CreateWorkspaceDto,
  SetWorkspaceMemberDto,
  UpdateWorkspaceDto,
  WorkspaceDto,
  WorkspaceMemberDto,
  WorkspaceMemberPageDto,
  WorkspacePageDto,
} from './tenancy.dto';

@OrganizationApi('workspaces', 'v1/organizations/:orgId/workspaces')
export class WorkspacesController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({
    permission: 'workspaces:read',
    summary: 'Workspaces of the organization the caller may see: all for owners, admins and reviewers, otherwise those they belong to',
    ok: WorkspacePageDto,
  })
  async list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<WorkspaceView>> {
    const visible = await access.visibleWorkspaces('calls');
    return this.cursors.list(page, `workspaces:${access.organizationId}`, 'id', ({ after, limit }) =>
      this.queries.execute(
        new ListWorkspacesQuery({ organizationId: access.organizationId, after, limit, only: visible === 'all' ? null : visible }),
      ),
    );
  }

  @CreateRoute({
    permission: 'workspaces:write',
    summary: 'Create a workspace; a user who creates it becomes its owner',
    created: WorkspaceDto,
    problems: { 422: ['workspace.invalid_name'] },
  })
  async create(@OrgAccess() access: OrganizationAccess, @Body() body: CreateWorkspaceDto): Promise<WorkspaceView> {
    const creator = access.principal.kind === 'user' ? access.principal.userId : null;
    const { workspaceId } = await this.commands.execute(
      new CreateWorkspaceCommand({ organizationId: access.organizationId, name: body.name, creatorUserId: creator }),
    );
    return this.get(access.organizationId, workspaceId);
  }

  @Get(':workspaceId')
  @RequirePermission('workspaces:read')
  @WorkspaceDutyOf('calls')
  @ApiOperation({ summary: 'One workspace' })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiProblems({ 404: ['workspace.not_found'] })
  getOne(@OrgAccess() access: OrganizationAccess, @WorkspaceParam() workspaceId: string): Promise<WorkspaceView> {
    return this.get(access.organizationId, workspaceId);
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':workspaceId',
    permission: 'workspaces:write',
    summary: 'Rename a workspace',
    ok: WorkspaceDto,
    problems: { 404: ['workspace.not_found'], 422: ['workspace.invalid_name'] },
  })
  async update(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Body() body: UpdateWorkspaceDto,
  ): Promise<WorkspaceView> {
    await this.commands.execute(
      new UpdateWorkspaceCommand({ organizationId: access.organizationId, workspaceId, patch: { name: body.name } }),
    );
    return this.get(access.organizationId, workspaceId);
  }

  @DeleteRoute({
    path: ':workspaceId',
    permission: 'workspaces:write',
    summary: 'Soft-delete a workspace',
    problems: { 404: ['workspace.not_found'] },
  })
  async remove(@OrgAccess() access: OrganizationAccess, @WorkspaceParam() workspaceId: string): Promise<void> {
    await this.commands.execute(new DeleteWorkspaceCommand({ organizationId: access.organizationId, workspaceId }));
  }

  @ReadRoute({
    path: ':workspaceId/members',
    permission: 'workspaces:read',
    summary: 'Members of a workspace',
    ok: WorkspaceMemberPageDto,
    problems: { 404: ['workspace.not_found'] },
  })
  async members(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<WorkspaceMemberView>> {
    await this.get(access.organizationId, workspaceId);
    return this.cursors.list(page, `workspace-members:${access.organizationId}:${workspaceId}`, 'userId', ({ after, limit }) =>
      this.queries.execute(new ListWorkspaceMembersQuery({ organizationId: access.organizationId, workspaceId, after, limit })),
    );
  }

  @ReadRoute({
    path: ':workspaceId/members/:userId',
    permission: 'workspaces:read',
    summary: 'One member of a workspace',
    ok: WorkspaceMemberDto,
    problems: { 404: ['workspace.not_found', 'member.not_found'] },
  })
  member(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<WorkspaceMemberView> {
    return this.getMember(access.organizationId, workspaceId, userId);
  }

  @Put(':workspaceId/members/:userId')
  @RequirePermission('workspaces:read')
  @ApiOperation({ summary: 'Add an organization member to the workspace, or change their role (organization admins and workspace owners)' })
  @ApiOkResponse({ type: WorkspaceMemberDto, description: 'Role changed' })
  @ApiCreatedResponse({ type: WorkspaceMemberDto, description: 'Added' })
  @ApiProblems({ 403: ['workspace.owner_required'], 404: ['workspace.not_found', 'member.not_found'] })
  async setMember(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() body: SetWorkspaceMemberDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkspaceMemberView> {
    const { created } = await this.commands.execute(
      new SetWorkspaceMemberCommand({
        organizationId: access.organizationId,
        workspaceId,
        userId,
        role: body.role,
        actorManagesAllWorkspaces: access.can('workspaces:write'),
        actorUserId: access.principal.kind === 'user' ? access.principal.userId : null,
      }),
    );
    void reply.status(created ? 201 : 200);
    return this.getMember(access.organizationId, workspaceId, userId);
  }

  @DeleteRoute({
    path: ':workspaceId/members/:userId',
    permission: 'workspaces:read',
    summary: 'Remove a member from the workspace (organization admins and workspace owners)',
    problems: { 403: ['workspace.owner_required'], 404: ['workspace.not_found', 'member.not_found'] },
  })
  async removeMember(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<void> {
    await this.commands.execute(
      new RemoveWorkspaceMemberCommand({
        organizationId: access.organizationId,
        workspaceId,
        userId,
        actorManagesAllWorkspaces: access.can('workspaces:write'),
        actorUserId: access.principal.kind === 'user' ? access.principal.userId : null,
      }),
    );
  }

  private async get(organizationId: string, workspaceId: string): Promise<WorkspaceView> {
    return orElseThrow(await this.queries.execute(new GetWorkspaceQuery({ organizationId, workspaceId })), workspaceNotFound);
  }

  private async getMember(organizationId: string, workspaceId: string, userId: string): Promise<WorkspaceMemberView> {
    return orElseThrow(await this.queries.execute(new GetWorkspaceMemberQuery({ organizationId, workspaceId, userId })), memberNotFound);
  }
}
