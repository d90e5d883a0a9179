export { TenancyModule } from './tenancy.module';
export { CreateOrganizationCommand } from './commands/create-organization/create-organization.command';
export { CreateApiKeyCommand, type CreatedApiKey } from './commands/create-api-key/create-api-key.command';
export { EnsureUserProfileCommand } from './commands/ensure-user-profile/ensure-user-profile.command';
export { GetWorkspaceQuery } from './queries/get-workspace/get-workspace.query';
export { GetWorkspaceMemberQuery } from './queries/get-workspace-member/get-workspace-member.query';
export { GetOrganizationQuery } from './queries/get-organization/get-organization.query';
export { RecheckDomainsJob, RECHECK_DOMAINS_QUEUE } from './jobs/recheck-domains.job';
export { dialingPolicyOf } from '../../domain/tenancy/organization-settings';
