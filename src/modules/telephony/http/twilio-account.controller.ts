import { Body } from '@nestjs/common';
import { twilioAccountNotConfigured } from '@domain/telephony/errors';
import type { TwilioAccountView } from '@domain/telephony/ports/telephony-read-model.port';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { WorkspaceParam } from '@infrastructure/http/params';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { RemoveTwilioAccountCommand } from '../commands/remove-twilio-account/remove-twilio-account.command';
import { GetTwilioAccountQuery } from '../queries/get-twilio-account/get-twilio-account.query';
import { TwilioAccountsService } from '../twilio-accounts.service';
import { PutTwilioAccountDto, TwilioAccountDto } from './telephony.dto';

@OrganizationApi('twilio account', 'v1/organizations/:orgId/workspaces/:workspaceId/twilio')
export class TwilioAccountController {
  constructor(
    private readonly accounts: TwilioAccountsService,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
  ) {}

  @WriteRoute({
    method: 'PUT',
    permission: 'telephony:write',
    summary: "Set the workspace's Twilio account; a new auth token keeps the old one valid for webhooks a while",
    ok: TwilioAccountDto,
    problems: {
      404: ['workspace.not_found'],
      422: ['twilio.invalid_account_sid', 'twilio.invalid_api_key_sid', 'twilio.invalid_twiml_app_sid', 'twilio.invalid_credentials'],
      502: ['twilio.unavailable'],
    },
  })
  async put(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Body() body: PutTwilioAccountDto,
  ): Promise<TwilioAccountView> {
    await this.accounts.configure(
      access.organizationId,
      workspaceId,
      {
        accountSid: body.accountSid,
        authToken: body.authToken,
        apiKeySid: body.apiKeySid ?? null,
        apiKeySecret: body.apiKeySecret ?? null,
        twimlAppSid: body.twimlAppSid ?? null,
      },
      body.verify ?? true,
    );
    return this.get(access, workspaceId);
  }

  @ReadRoute({
    permission: 'telephony:read',
    summary: 'Which settings are set, and when (never the secrets)',
    ok: TwilioAccountDto,
    problems: { 404: ['workspace.not_found'], 422: ['twilio.not_configured'] },
  })
  async get(@OrgAccess() access: OrganizationAccess, @WorkspaceParam() workspaceId: string): Promise<TwilioAccountView> {
    return orElseThrow(
      await this.queries.execute(new GetTwilioAccountQuery({ organizationId: access.organizationId, workspaceId })),
      twilioAccountNotConfigured,
    );
  }

  @DeleteRoute({
    permission: 'telephony:write',
    summary: "Forget the workspace's Twilio account",
    problems: { 404: ['workspace.not_found'], 422: ['twilio.not_configured'] },
  })
  async remove(@OrgAccess() access: OrganizationAccess, @WorkspaceParam() workspaceId: string): Promise<void> {
    await this.commands.execute(new RemoveTwilioAccountCommand({ organizationId: access.organizationId, workspaceId }));
  }
}
