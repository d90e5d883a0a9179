import { Body, Param, Query } from '@nestjs/common';
import { apiKeyNotFound } from '@domain/tenancy/errors';
import type { ApiKeyView } from '@domain/tenancy/ports/tenancy-read-model.port';
import type { Permission } from '@domain/tenancy/roles';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { ProblemException } from '@infrastructure/http/problem';
import { CreateRoute, DeleteRoute, OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CreateApiKeyCommand } from '../commands/create-api-key/create-api-key.command';
import { RevokeApiKeyCommand } from '../commands/revoke-api-key/revoke-api-key.command';
import { GetApiKeyQuery } from '../queries/get-api-key/get-api-key.query';
import { ListApiKeysQuery } from '../queries/list-api-keys/list-api-keys.query';
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './tenancy.dto';

@OrganizationApi('api keys', 'v1/organizations/:orgId/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({ permission: 'api_keys:read', summary: 'API keys of the organization (never the keys themselves)', ok: ApiKeyPageDto })
  async list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<ApiKeyView>> {
    return this.cursors.list(page, `api-keys:${access.organizationId}`, 'id', ({ after, limit }) =>
      this.queries.execute(new ListApiKeysQuery({ organizationId: access.organizationId, after, limit })),
    );
  }

  @CreateRoute({
    permission: 'api_keys:write',
    summary: 'Create an API key; the key is in this answer only',
    created: CreatedApiKeyDto,
    problems: { 403: ['api_key.scope_not_grantable'], 422: ['api_key.invalid_name', 'api_key.invalid_scopes', 'api_key.invalid_expiry'] },
  })
  async create(@OrgAccess() access: OrganizationAccess, @Body() body: CreateApiKeyDto): Promise<ApiKeyView & { key: string }> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) {
      throw new ProblemException(400, 'validation.failed', 'expiresAt is not a valid date', {
        errors: [{ path: 'expiresAt', message: 'invalid date' }],
      });
    }
    const createdBy = access.principal.kind === 'user' ? access.principal.userId : null;
    const created = await this.commands.execute(
      new CreateApiKeyCommand({
        organizationId: access.organizationId,
        name: body.name,
        scopes: body.scopes,
        expiresAt,
        createdBy,
        grantable: (s) => access.can(s as Permission),
      }),
    );
    const view = await this.queries.execute(new GetApiKeyQuery({ organizationId: access.organizationId, keyId: created.id }));
    return { ...view!, key: created.key };
  }

  @DeleteRoute({
    path: ':keyId',
    permission: 'api_keys:write',
    summary: 'Revoke an API key; it is refused from the next request on',
    problems: { 404: ['api_key.not_found'] },
  })
  async revoke(@OrgAccess() access: OrganizationAccess, @Param('keyId', UuidParamPipe) keyId: string): Promise<void> {
    const existing = await this.queries.execute(new GetApiKeyQuery({ organizationId: access.organizationId, keyId }));
    if (!existing) throw apiKeyNotFound();
    await this.commands.execute(new RevokeApiKeyCommand({ organizationId: access.organizationId, keyId }));
  }
}
