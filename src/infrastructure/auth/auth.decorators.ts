import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Permission, WorkspaceDuty } from '@domain/tenancy/roles';
import { ApiUserOnly } from '../http/openapi';
import { ProblemException } from '../http/problem';
import type { OrganizationAccess, Principal } from './principal';

export const PUBLIC_ROUTE = 'switchboard:public';
export const REQUIRED_PERMISSION = 'switchboard:permission';
export const USER_ONLY = 'switchboard:user-only';
export const WORKSPACE_DUTY = 'switchboard:workspace-duty';

/** No authentication (health, docs, Twilio webhooks with their own signature check). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route under /organizations/{orgId} needs: from the user's role, or the API key's scopes. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** Routes about a person (their profile, creating organizations): API keys get 403. */
export const UserOnly = () => applyDecorators(SetMetadata(USER_ONLY, true), ApiUserOnly());

/**
 * Routes under `:workspaceId` are checked for the workspace's configuration unless they say
 * they show what a workspace does (its calls): reviewers may look at those.
 */
export const WorkspaceDutyOf = (duty: WorkspaceDuty) => SetMetadata(WORKSPACE_DUTY, duty);

export type AuthenticatedRequest = {
  principal?: Principal;
  organizationAccess?: OrganizationAccess;
};

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new ProblemException(401, 'auth.required', 'Authentication is required');
  return principal;
});

export const OrgAccess = createParamDecorator((_: unknown, ctx: ExecutionContext): OrganizationAccess => {
  const access = ctx.switchToHttp().getRequest<AuthenticatedRequest>().organizationAccess;
  if (!access) throw new Error('OrgAccess used on a route without {orgId}');
  return access;
});
