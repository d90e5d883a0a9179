import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { isUuid } from '@domain/shared/ids';
import type { Permission, WorkspaceDuty } from '@domain/tenancy/roles';
import { UserOnboarding } from '@domain/tenancy/ports/user-onboarding.port';
import { ProblemException } from '../http/problem';
import { RequestContext } from '../http/request-context';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION, USER_ONLY, WORKSPACE_DUTY, type AuthenticatedRequest } from './auth.decorators';
import { SupabaseJwtVerifier } from './supabase-jwt.verifier';
import { OrganizationAccessResolver, type WorkspaceScopedResource } from './organization-access.resolver';
import { actorOf, seesWorkspace, type OrganizationAccess, type Principal } from './principal';

/** A route's auth metadata: fixed once the app has started. */
interface RouteRules {
  isPublic: boolean;
  userOnly: boolean;
  permission: Permission | undefined;
  workspaceDuty: WorkspaceDuty;
}

/** Path parameters naming something that lives in a workspace, and how its absence is reported. */
const SCOPED_PARAMETERS: { param: string; resource: WorkspaceScopedResource; code: string; title: string }[] = [
  { param: 'callId', resource: 'call', code: 'call.not_found', title: 'Call not found' },
  { param: 'recordingId', resource: 'recording', code: 'recording.not_found', title: 'Recording not found' },
];

/**
 * Every route is authenticated unless marked @Public(). Under /organizations/{orgId} the
 * caller must belong to that organization; anyone else gets 404, never a hint it exists.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** By controller, then handler: a handler a subclass inherits may carry other class-level metadata. */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: SupabaseJwtVerifier,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly access: OrganizationAccessResolver,
    private readonly onboarding: UserOnboarding,
    private readonly requestContext: RequestContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.rulesOf(context);
    if (rules.isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();

    const principal = await this.authenticate(request);
    request.principal = principal;
    this.requestContext.setActor(actorOf(principal), request);

    const params = (request.params as Record<string, string> | undefined) ?? {};
    const orgId = params.orgId;
    if (orgId !== undefined) {
      const access = isUuid(orgId) ? await this.access.resolve(principal, orgId.toLowerCase()) : null;
      if (!access) throw new ProblemException(404, 'organization.not_found', 'Organization not found');
      request.organizationAccess = access;
      const { permission } = rules;
      if (permission && !access.can(permission)) {
        throw new ProblemException(403, 'auth.forbidden', `This needs the ${permission} permission`);
      }
    }
    // After the organization check: an outsider learns nothing, not even that the route wants a user.
    if (principal.kind !== 'user' && rules.userOnly) {
      throw new ProblemException(403, 'auth.user_required', 'This endpoint is for signed-in users, not API keys');
    }
    if (request.organizationAccess) await this.checkWorkspaceScope(request.organizationAccess, params, rules.workspaceDuty);
    return true;
  }

  /**
   * Inside an organization, workspace-scoped things (a workspace's configuration, its calls
   * and recordings) are visible by workspace. What the caller may not see does not exist for
   * them: the same 404 as a missing row. Decided from the path alone, so no route can forget it.
   */
  private async checkWorkspaceScope(access: OrganizationAccess, params: Record<string, string>, duty: WorkspaceDuty): Promise<void> {
    const workspaceId = params.workspaceId?.toLowerCase();
    if (workspaceId !== undefined && isUuid(workspaceId) && !(await seesWorkspace(access, duty, workspaceId))) {
      throw new ProblemException(404, 'workspace.not_found', 'Workspace not found');
    }
    for (const scoped of SCOPED_PARAMETERS) {
      const id = params[scoped.param]?.toLowerCase();
      if (id === undefined || !isUuid(id) || (await access.visibleWorkspaces('calls')) === 'all') continue;
      const owner = await this.access.workspaceOf(access.organizationId, scoped.resource, id);
      // A missing row is left to the handler, which answers it as it always has.
      if (owner !== undefined && !(await seesWorkspace(access, 'calls', owner))) throw new ProblemException(404, scoped.code, scoped.title);
    }
  }

  private rulesOf(context: ExecutionContext): RouteRules {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let rules = byHandler.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)),
        userOnly: Boolean(this.reflector.getAllAndOverride<boolean>(USER_ONLY, targets)),
        permission: this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets),
        workspaceDuty: this.reflector.getAllAndOverride<WorkspaceDuty | undefined>(WORKSPACE_DUTY, targets) ?? 'configuration',
      };
      byHandler.set(handler, rules);
    }
    return rules;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      if (authorization) throw new ProblemException(400, 'auth.ambiguous', 'Send either a bearer token or an API key, not both');
      return this.apiKeys.authenticate(apiKey);
    }
    if (typeof authorization === 'string') {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new ProblemException(401, 'auth.invalid_token', 'Authorization must be "Bearer <token>"');
      const user = await this.jwt.verify(match[1]!);
      await this.onboarding.ensure(user);
      return { kind: 'user', userId: user.userId, email: user.email };
    }
    throw new ProblemException(401, 'auth.required', 'Authentication is required: a bearer token or an X-API-Key header', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
}
