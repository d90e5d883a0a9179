import { Body, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import type { WebhookDeliveryView, WebhookEndpointView } from '@domain/events/ports/webhook-repositories.port';
import { WebhookTransport } from '@domain/events/ports/webhook-transport.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { CreateRoute, DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CreateWebhookEndpointCommand } from '../commands/create-webhook-endpoint/create-webhook-endpoint.command';
import { DeleteWebhookEndpointCommand } from '../commands/delete-webhook-endpoint/delete-webhook-endpoint.command';
import { PingWebhookEndpointCommand } from '../commands/ping-webhook-endpoint/ping-webhook-endpoint.command';
import { RetryWebhookDeliveryCommand } from '../commands/retry-webhook-delivery/retry-webhook-delivery.command';
import { RotateWebhookSecretCommand } from '../commands/rotate-webhook-secret/rotate-webhook-secret.command';
import { UpdateWebhookEndpointCommand } from '../commands/update-webhook-endpoint/update-webhook-endpoint.command';
import { GetWebhookDeliveryQuery } from '../queries/get-webhook-delivery/get-webhook-delivery.query';
import { GetWebhookEndpointQuery } from '../queries/get-webhook-endpoint/get-webhook-endpoint.query';
import { ListWebhookDeliveriesQuery } from '../queries/list-webhook-deliveries/list-webhook-deliveries.query';
import { ListWebhookEndpointsQuery } from '../queries/list-webhook-endpoints/list-webhook-endpoints.query';
import {
  CreatedWebhookEndpointDto,
  CreateWebhookEndpointDto,
  RotatedWebhookSecretDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
} from './webhooks.dto';

const NOT_FOUND = { 404: ['webhook_endpoint.not_found'] };

/** Customers' receivers of signed event deliveries. Administrators' business: `organizations:write` throughout. */
@OrganizationApi('webhooks', 'v1/organizations/:orgId/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
    private readonly transport: WebhookTransport,
  ) {}

  @ReadRoute({
    permission: 'organizations:write',
    summary: 'Webhook endpoints of the organization, newest first (never their secrets)',
    ok: WebhookEndpointPageDto,
  })
  async list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<WebhookEndpointView>> {
    return this.cursors.list(page, `webhook-endpoints:${access.organizationId}`, 'id', ({ after, limit }) =>
      this.queries.execute(new ListWebhookEndpointsQuery({ organizationId: access.organizationId, beforeId: after ?? undefined, limit })),
    );
  }

  @CreateRoute({
    permission: 'organizations:write',
    summary: 'Add a webhook endpoint; its signing secret is in this answer only',
    created: CreatedWebhookEndpointDto,
    problems: { 422: ['webhook_endpoint.invalid_url', 'events.invalid_types'] },
  })
  async create(
    @OrgAccess() access: OrganizationAccess,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointView & { secret: string }> {
    await this.transport.check(body.url);
    const organizationId = access.organizationId;
    return this.commands.executeAndAnswer(
      new CreateWebhookEndpointCommand({
        organizationId,
        url: body.url,
        description: body.description ?? null,
        eventTypes: body.eventTypes ?? [],
        enabled: body.enabled ?? true,
      }),
      async ({ endpointId, secret }) => ({
        ...(await this.queries.execute(new GetWebhookEndpointQuery({ organizationId, endpointId }))),
        secret,
      }),
    );
  }

  @ReadRoute({
    path: ':endpointId',
    permission: 'organizations:write',
    summary: 'A webhook endpoint (never its secret)',
    ok: WebhookEndpointDto,
    problems: NOT_FOUND,
  })
  get(@OrgAccess() access: OrganizationAccess, @Param('endpointId', UuidParamPipe) endpointId: string): Promise<WebhookEndpointView> {
    return this.queries.execute(new GetWebhookEndpointQuery({ organizationId: access.organizationId, endpointId }));
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':endpointId',
    permission: 'organizations:write',
    summary: 'Change the URL, event types, description, or enable / disable',
    ok: WebhookEndpointDto,
    problems: { ...NOT_FOUND, 422: ['webhook_endpoint.invalid_url', 'events.invalid_types'] },
  })
  async update(
    @OrgAccess() access: OrganizationAccess,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointView> {
    if (body.url !== undefined) await this.transport.check(body.url);
    const organizationId = access.organizationId;
    return this.commands.executeAndAnswer(
      new UpdateWebhookEndpointCommand({
        organizationId,
        endpointId,
        url: body.url,
        description: body.description,
        eventTypes: body.eventTypes,
        enabled: body.enabled,
      }),
      () => this.queries.execute(new GetWebhookEndpointQuery({ organizationId, endpointId })),
    );
  }

  @DeleteRoute({
    path: ':endpointId',
    permission: 'organizations:write',
    summary: 'Delete a webhook endpoint and its deliveries',
    problems: NOT_FOUND,
  })
  async remove(@OrgAccess() access: OrganizationAccess, @Param('endpointId', UuidParamPipe) endpointId: string): Promise<void> {
    await this.commands.execute(new DeleteWebhookEndpointCommand({ organizationId: access.organizationId, endpointId }));
  }

  @WriteRoute({
    method: 'POST',
    path: ':endpointId/rotate-secret',
    permission: 'organizations:write',
    summary: 'A new signing secret (in this answer only); the old one keeps signing beside it for the overlap',
    ok: RotatedWebhookSecretDto,
    problems: NOT_FOUND,
  })
  rotate(
    @OrgAccess() access: OrganizationAccess,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
    return this.commands.execute(
      new RotateWebhookSecretCommand({ organizationId: access.organizationId, endpointId, overlapSeconds: body.overlapSeconds }),
    );
  }

  @Post(':endpointId/ping')
  @RequirePermission('organizations:write')
  @ApiOperation({ summary: 'Send a signed webhook.ping to the endpoint now (one attempt); answers the delivery' })
  @ApiCreatedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(NOT_FOUND)
  ping(@OrgAccess() access: OrganizationAccess, @Param('endpointId', UuidParamPipe) endpointId: string): Promise<WebhookDeliveryView> {
    const organizationId = access.organizationId;
    return this.commands.executeAndAnswer(new PingWebhookEndpointCommand({ organizationId, endpointId }), ({ deliveryId }) =>
      this.queries.execute(new GetWebhookDeliveryQuery({ organizationId, endpointId, deliveryId })),
    );
  }

  @ReadRoute({
    path: ':endpointId/deliveries',
    permission: 'organizations:write',
    summary: 'Deliveries to the endpoint, newest first: status, attempts, last answer and timing',
    ok: WebhookDeliveryPageDto,
    problems: NOT_FOUND,
  })
  async deliveries(
    @OrgAccess() access: OrganizationAccess,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<WebhookDeliveryView>> {
    return this.cursors.list(page, `webhook-deliveries:${access.organizationId}:${endpointId}`, 'id', ({ after, limit }) =>
      this.queries.execute(
        new ListWebhookDeliveriesQuery({ organizationId: access.organizationId, endpointId, beforeId: after ?? undefined, limit }),
      ),
    );
  }

  @WriteRoute({
    method: 'POST',
    path: ':endpointId/deliveries/:deliveryId/retry',
    permission: 'organizations:write',
    summary: 'Attempt a delivery once more, now (a failed one included)',
    ok: WebhookDeliveryDto,
    problems: { 404: ['webhook_delivery.not_found'] },
  })
  retry(
    @OrgAccess() access: OrganizationAccess,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Param('deliveryId', UuidParamPipe) deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    const organizationId = access.organizationId;
    return this.commands.executeAndAnswer(new RetryWebhookDeliveryCommand({ organizationId, endpointId, deliveryId }), () =>
      this.queries.execute(new GetWebhookDeliveryQuery({ organizationId, endpointId, deliveryId })),
    );
  }
}
