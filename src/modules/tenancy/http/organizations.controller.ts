import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, OrgAccess, UserOnly } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess, Principal } from '@infrastructure/auth/principal';
import { Idempotent } from '@infrastructure/http/idempotency.interceptor';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, DEFAULT_PAGE_SIZE, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { organizationNotFound } from '@domain/tenancy/errors';
import type { OrganizationView, MeView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CreateOrganizationCommand } from '../commands/create-organization/create-organization.command';
import { DeleteOrganizationCommand } from '../commands/delete-organization/delete-organization.command';
import { UpdateOrganizationCommand } from '../commands/update-organization/update-organization.command';
import { GetMeQuery } from '../queries/get-me/get-me.query';
import { GetOrganizationQuery } from '../queries/get-organization/get-organization.query';
import { ListMyOrganizationsQuery } from '../queries/list-my-organizations/list-my-organizations.query';
import { CreateOrganizationDto, MeDto, OrganizationDto, OrganizationPageDto, UpdateOrganizationDto } from './tenancy.dto';
import { userNotFound } from '@domain/tenancy/errors';

@ApiTags('me')
@ApiBearerAuth('supabase')
@Controller('v1/me')
export class MeController {
  constructor(private readonly queries: TenantQueryBus) {}

  @Get()
  @UserOnly()
  @ApiOperation({ summary: 'The signed-in user: profile and memberships' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems({ 404: ['user.not_found'] })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    const me = principal.kind === 'user' ? await this.queries.execute(new GetMeQuery({ userId: principal.userId })) : null;
    if (!me) throw userNotFound();
    return me;
  }
}

@OrganizationApi('organizations', 'v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @Post()
  @UserOnly()
  @Idempotent()
  @ApiOperation({
    summary: 'Create an organization; the caller becomes its owner. A domain is claimed, pending until verified (see /domain)',
  })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiProblems({
    409: ['organization.domain_taken'],
    422: ['organization.invalid_name', 'organization.invalid_domain', 'organization.public_email_domain', 'organization.invalid_settings'],
  })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateOrganizationDto): Promise<OrganizationView> {
    const userId = principal.kind === 'user' ? principal.userId : '';
    const { organizationId } = await this.commands.execute(
      new CreateOrganizationCommand({ creatorUserId: userId, name: body.name, domain: body.domain ?? null }),
    );
    return this.get(organizationId);
  }

  @Get()
  @ApiOperation({ summary: "The caller's organizations (an API key sees its own)" })
  @ApiOkResponse({ type: OrganizationPageDto })
  @ApiProblems()
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQueryDto): Promise<Page<OrganizationView>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    if (principal.kind === 'api_key') {
      const org = await this.queries.execute(new GetOrganizationQuery({ organizationId: principal.organizationId }));
      return { data: org ? [org] : [], nextCursor: null };
    }
    const scope = `user:${principal.userId}`;
    const after = this.cursors.decode(page.cursor, scope, {});
    const rows = await this.queries.execute(new ListMyOrganizationsQuery({ userId: principal.userId, after, limit: limit + 1 }));
    return this.cursors.page(rows, limit, scope, {}, (o) => o.id);
  }

  @ReadRoute({ path: ':orgId', permission: 'organizations:read', summary: 'One organization', ok: OrganizationDto })
  async getOne(@OrgAccess() access: OrganizationAccess): Promise<OrganizationView> {
    return this.get(access.organizationId);
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':orgId',
    permission: 'organizations:write',
    summary: 'Rename, claim another domain (pending until verified, see /domain) or give it up (null), change the settings',
    ok: OrganizationDto,
    problems: {
      409: ['organization.domain_taken'],
      422: [
        'organization.invalid_name',
        'organization.invalid_domain',
        'organization.public_email_domain',
        'organization.invalid_settings',
      ],
    },
  })
  async update(@OrgAccess() access: OrganizationAccess, @Body() body: UpdateOrganizationDto): Promise<OrganizationView> {
    await this.commands.execute(
      new UpdateOrganizationCommand({
        organizationId: access.organizationId,
        patch: {
          name: body.name,
          domain: body.domain,
          settings: body.settings ? { ...body.settings } : undefined,
        },
      }),
    );
    return this.get(access.organizationId);
  }

  @DeleteRoute({ path: ':orgId', permission: 'organizations:delete', summary: 'Soft-delete the organization (owners only)' })
  async remove(@OrgAccess() access: OrganizationAccess, @Param('orgId') _orgId: string): Promise<void> {
    await this.commands.execute(new DeleteOrganizationCommand({ organizationId: access.organizationId }));
  }

  private async get(organizationId: string): Promise<OrganizationView> {
    return orElseThrow(await this.queries.execute(new GetOrganizationQuery({ organizationId })), organizationNotFound);
  }
}
