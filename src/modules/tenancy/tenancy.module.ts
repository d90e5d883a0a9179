import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { ApiKeySecrets } from '@domain/tenancy/ports/api-key-secrets.port';
import { DnsTxtResolver } from '@domain/tenancy/ports/dns-txt-resolver.port';
import {
  ApiKeyRepository,
  DomainClaimRepository,
  InvitationRepository,
  OrganizationMemberRepository,
  OrganizationRepository,
  UserProfileRepository,
  WorkspaceMemberRepository,
  WorkspaceRepository,
} from '@domain/tenancy/ports/tenancy-repositories.port';
import { TenancyReadModel } from '@domain/tenancy/ports/tenancy-read-model.port';
import { UserOnboarding } from '@domain/tenancy/ports/user-onboarding.port';
import { RandomApiKeySecrets } from '@infrastructure/auth/api-key-secrets';
import { AppConfig } from '@infrastructure/config/app-config';
import { NodeDnsTxtResolver } from '@infrastructure/dns/node-dns-txt.resolver';
import { DrizzleTenancyReadModel } from '@infrastructure/persistence/tenancy/drizzle-tenancy.read-model';
import {
  DrizzleApiKeyRepository,
  DrizzleDomainClaimRepository,
  DrizzleInvitationRepository,
  DrizzleOrganizationMemberRepository,
  DrizzleOrganizationRepository,
  DrizzleUserProfileRepository,
  DrizzleWorkspaceMemberRepository,
  DrizzleWorkspaceRepository,
} from '@infrastructure/persistence/tenancy/drizzle-tenancy.repositories';
import { AddMemberHandler } from './commands/add-member/add-member.handler';
import { ChangeMemberRoleHandler } from './commands/change-member-role/change-member-role.handler';
import { ClaimDomainHandler } from './commands/claim-domain/claim-domain.handler';
import { CreateApiKeyHandler } from './commands/create-api-key/create-api-key.handler';
import { CreateOrganizationHandler } from './commands/create-organization/create-organization.handler';
import { CreateWorkspaceHandler } from './commands/create-workspace/create-workspace.handler';
import { DeleteOrganizationHandler } from './commands/delete-organization/delete-organization.handler';
import { DeleteWorkspaceHandler } from './commands/delete-workspace/delete-workspace.handler';
import { EnsureUserProfileHandler } from './commands/ensure-user-profile/ensure-user-profile.handler';
import { RecordDomainCheckHandler } from './commands/record-domain-check/record-domain-check.handler';
import { ReleaseDomainHandler } from './commands/release-domain/release-domain.handler';
import { RemoveMemberHandler } from './commands/remove-member/remove-member.handler';
import { RemoveWorkspaceMemberHandler } from './commands/remove-workspace-member/remove-workspace-member.handler';
import { RevokeApiKeyHandler } from './commands/revoke-api-key/revoke-api-key.handler';
import { RevokeInvitationHandler } from './commands/revoke-invitation/revoke-invitation.handler';
import { SetWorkspaceMemberHandler } from './commands/set-workspace-member/set-workspace-member.handler';
import { UpdateOrganizationHandler } from './commands/update-organization/update-organization.handler';
import { UpdateWorkspaceHandler } from './commands/update-workspace/update-workspace.handler';
import { DomainVerificationService } from './domain-verification.service';
import { ApiKeysController } from './http/api-keys.controller';
import { InvitationsController } from './http/invitations.controller';
import { MembersController } from './http/members.controller';
import { OrganizationDomainController } from './http/organization-domain.controller';
import { MeController, OrganizationsController } from './http/organizations.controller';
import { WorkspacesController } from './http/workspaces.controller';
import { GetApiKeyHandler } from './queries/get-api-key/get-api-key.handler';
import { GetDomainClaimHandler } from './queries/get-domain-claim/get-domain-claim.handler';
import { GetInvitationHandler } from './queries/get-invitation/get-invitation.handler';
import { GetMeHandler } from './queries/get-me/get-me.handler';
import { GetMemberHandler } from './queries/get-member/get-member.handler';
import { GetOrganizationHandler } from './queries/get-organization/get-organization.handler';
import { GetWorkspaceMemberHandler } from './queries/get-workspace-member/get-workspace-member.handler';
import { GetWorkspaceHandler } from './queries/get-workspace/get-workspace.handler';
import { ListApiKeysHandler } from './queries/list-api-keys/list-api-keys.handler';
import { ListInvitationsHandler } from './queries/list-invitations/list-invitations.handler';
import { ListMembersHandler } from './queries/list-members/list-members.handler';
import { ListMyOrganizationsHandler } from './queries/list-my-organizations/list-my-organizations.handler';
import { ListWorkspaceMembersHandler } from './queries/list-workspace-members/list-workspace-members.handler';
import { ListWorkspacesHandler } from './queries/list-workspaces/list-workspaces.handler';
import { RECHECK_DOMAINS_CRON, RECHECK_DOMAINS_QUEUE, RecheckDomainsJob } from './jobs/recheck-domains.job';
import { CommandUserOnboarding } from './command-user-onboarding.adapter';
import { TenancyExportReadModel } from '@domain/tenancy/ports/tenancy-export-read-model.port';
import { DrizzleTenancyExportReadModel } from '@infrastructure/persistence/tenancy/drizzle-tenancy-export.read-model';
import { ExportTenancyRowsHandler } from './queries/export-tenancy-rows/export-tenancy-rows.handler';
import { RecordOrganizationExportHandler } from './commands/record-organization-export/record-organization-export.handler';
import { MemberPersonalDataEraser } from '@domain/tenancy/ports/member-personal-data-eraser.port';
import { DrizzleMemberPersonalDataEraser } from '@infrastructure/persistence/tenancy/drizzle-tenancy-member-personal-data.eraser';
import { FindMemberForErasureHandler } from './queries/find-member-for-erasure/find-member-for-erasure.handler';
import { DeleteInvitationsToHandler } from './commands/delete-invitations-to/delete-invitations-to.handler';
import { ForgetProfileHandler } from './commands/forget-profile/forget-profile.handler';

@Module({
  controllers: [
    MeController,
    OrganizationsController,
    OrganizationDomainController,
    MembersController,
    InvitationsController,
    ApiKeysController,
    WorkspacesController,
  ],
  providers: [
    { provide: MemberPersonalDataEraser, useClass: DrizzleMemberPersonalDataEraser },
    FindMemberForErasureHandler,
    DeleteInvitationsToHandler,
    ForgetProfileHandler,
    { provide: TenancyExportReadModel, useClass: DrizzleTenancyExportReadModel },
    ExportTenancyRowsHandler,
    RecordOrganizationExportHandler,
    { provide: OrganizationRepository, useClass: DrizzleOrganizationRepository },
    { provide: OrganizationMemberRepository, useClass: DrizzleOrganizationMemberRepository },
    { provide: WorkspaceRepository, useClass: DrizzleWorkspaceRepository },
    { provide: WorkspaceMemberRepository, useClass: DrizzleWorkspaceMemberRepository },
    { provide: ApiKeyRepository, useClass: DrizzleApiKeyRepository },
    { provide: UserProfileRepository, useClass: DrizzleUserProfileRepository },
    { provide: DomainClaimRepository, useClass: DrizzleDomainClaimRepository },
    { provide: InvitationRepository, useClass: DrizzleInvitationRepository },
    { provide: DnsTxtResolver, inject: [AppConfig], useFactory: (config: AppConfig) => new NodeDnsTxtResolver(config.dnsServers) },
    { provide: TenancyReadModel, useClass: DrizzleTenancyReadModel },
    { provide: ApiKeySecrets, useExisting: RandomApiKeySecrets },
    { provide: UserOnboarding, useClass: CommandUserOnboarding },
    DomainVerificationService,
    RecheckDomainsJob,
    CreateOrganizationHandler,
    UpdateOrganizationHandler,
    DeleteOrganizationHandler,
    AddMemberHandler,
    ChangeMemberRoleHandler,
    RemoveMemberHandler,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    CreateWorkspaceHandler,
    UpdateWorkspaceHandler,
    DeleteWorkspaceHandler,
    SetWorkspaceMemberHandler,
    RemoveWorkspaceMemberHandler,
    EnsureUserProfileHandler,
    ClaimDomainHandler,
    ReleaseDomainHandler,
    RecordDomainCheckHandler,
    RevokeInvitationHandler,
    GetMeHandler,
    ListMyOrganizationsHandler,
    GetOrganizationHandler,
    ListMembersHandler,
    GetMemberHandler,
    ListApiKeysHandler,
    GetApiKeyHandler,
    ListWorkspacesHandler,
    GetWorkspaceHandler,
    ListWorkspaceMembersHandler,
    GetWorkspaceMemberHandler,
    GetDomainClaimHandler,
    ListInvitationsHandler,
    GetInvitationHandler,
  ],
  exports: [UserOnboarding],
})
export class TenancyModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly recheckDomains: RecheckDomainsJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work(RECHECK_DOMAINS_QUEUE, async () => {
      await this.recheckDomains.run();
    });
    await this.jobs.schedule(RECHECK_DOMAINS_QUEUE, RECHECK_DOMAINS_CRON);
  }
}
