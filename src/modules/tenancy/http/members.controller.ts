import { Body, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { invitationNotFound, memberNotFound } from '@domain/tenancy/errors';
import type { InvitationView, MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { Idempotent } from '@infrastructure/http/idempotency.interceptor';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { AddMemberCommand } from '../commands/add-member/add-member.command';
import { ChangeMemberRoleCommand } from '../commands/change-member-role/change-member-role.command';
import { RemoveMemberCommand } from '../commands/remove-member/remove-member.command';
import { GetInvitationQuery } from '../queries/get-invitation/get-invitation.query';
import { GetMemberQuery } from '../queries/get-member/get-member.query';
import { ListMembersQuery } from '../queries/list-members/list-members.query';
import { InvitationDto } from './invitations.dto';
import { AddMemberDto, ChangeMemberRoleDto, MemberDto, MemberPageDto } from './tenancy.dto';

@OrganizationApi('members', 'v1/organizations/:orgId/members')
export class MembersController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({ permission: 'members:read', summary: 'Members of the organization', ok: MemberPageDto })
  async list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<MemberView>> {
    return this.cursors.list(page, `members:${access.organizationId}`, 'userId', ({ after, limit }) =>
      this.queries.execute(new ListMembersQuery({ organizationId: access.organizationId, after, limit })),
    );
  }

  @Post()
  @Idempotent()
  @RequirePermission('members:write')
  @ApiOperation({
    summary:
      'Add a user by id, or by email: a user who signed in with that address verified is added at once (201); anyone else is invited (202), ' +
      'and becomes a member with this role at their first sign-in with the address verified',
  })
  @ApiCreatedResponse({ type: MemberDto, description: 'Added' })
  @ApiAcceptedResponse({ type: InvitationDto, description: 'Invited: a pending membership' })
  @ApiProblems({
    403: ['member.owner_required'],
    404: ['user.not_found'],
    409: ['member.already_exists', 'invitation.already_exists'],
    422: ['invitation.invalid_email'],
  })
  async add(
    @OrgAccess() access: OrganizationAccess,
    @Body() body: AddMemberDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberView | InvitationView> {
    const user = body.userId !== undefined ? { userId: body.userId.toLowerCase() } : { email: body.email! };
    const actorUserId = access.principal.kind === 'user' ? access.principal.userId : null;
    const result = await this.commands.execute(
      new AddMemberCommand({ organizationId: access.organizationId, user, role: body.role, actorRole: access.role, actorUserId }),
    );
    if (result.kind === 'member') return this.get(access.organizationId, result.userId);
    void reply.status(202);
    const invitation = await this.queries.execute(
      new GetInvitationQuery({ organizationId: access.organizationId, invitationId: result.invitationId }),
    );
    if (!invitation) throw invitationNotFound();
    return invitation;
  }

  @ReadRoute({ path: ':userId', permission: 'members:read', summary: 'One member', ok: MemberDto, problems: { 404: ['member.not_found'] } })
  getOne(@OrgAccess() access: OrganizationAccess, @Param('userId', UuidParamPipe) userId: string): Promise<MemberView> {
    return this.get(access.organizationId, userId);
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':userId',
    permission: 'members:write',
    summary: "Change a member's role (the last owner stays an owner)",
    ok: MemberDto,
    problems: { 403: ['member.owner_required'], 404: ['member.not_found'], 409: ['member.last_owner'] },
  })
  async changeRole(
    @OrgAccess() access: OrganizationAccess,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() body: ChangeMemberRoleDto,
  ): Promise<MemberView> {
    await this.commands.execute(
      new ChangeMemberRoleCommand({ organizationId: access.organizationId, userId, role: body.role, actorRole: access.role }),
    );
    return this.get(access.organizationId, userId);
  }

  @DeleteRoute({
    path: ':userId',
    permission: 'members:write',
    summary: 'Remove a member (never the last owner)',
    problems: { 403: ['member.owner_required'], 404: ['member.not_found'], 409: ['member.last_owner'] },
  })
  async remove(@OrgAccess() access: OrganizationAccess, @Param('userId', UuidParamPipe) userId: string): Promise<void> {
    await this.commands.execute(new RemoveMemberCommand({ organizationId: access.organizationId, userId, actorRole: access.role }));
  }

  private async get(organizationId: string, userId: string): Promise<MemberView> {
    return orElseThrow(await this.queries.execute(new GetMemberQuery({ organizationId, userId })), memberNotFound);
  }
}
