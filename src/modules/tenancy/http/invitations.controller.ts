import { Param, Query } from '@nestjs/common';
import type { InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { DeleteRoute, OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { RevokeInvitationCommand } from '../commands/revoke-invitation/revoke-invitation.command';
import { ListInvitationsQuery } from '../queries/list-invitations/list-invitations.query';
import { InvitationPageDto } from './invitations.dto';

/** Invitations are made by `POST .../members` with the email of someone not seen yet; admins see and revoke them. */
@OrganizationApi('members', 'v1/organizations/:orgId/invitations')
export class InvitationsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({
    permission: 'members:write',
    summary: 'Invitations of the organization, oldest first, with their status (pending, accepted, revoked, expired)',
    ok: InvitationPageDto,
  })
  async list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<InvitationView>> {
    return this.cursors.list(page, `invitations:${access.organizationId}`, 'id', ({ after, limit }) =>
      this.queries.execute(new ListInvitationsQuery({ organizationId: access.organizationId, after, limit })),
    );
  }

  @DeleteRoute({
    path: ':invitationId',
    permission: 'members:write',
    summary: 'Revoke a pending invitation: nobody can take it up any more',
    problems: { 404: ['invitation.not_found'], 409: ['invitation.not_pending'] },
  })
  async revoke(@OrgAccess() access: OrganizationAccess, @Param('invitationId', UuidParamPipe) invitationId: string): Promise<void> {
    await this.commands.execute(new RevokeInvitationCommand({ organizationId: access.organizationId, invitationId }));
  }
}
