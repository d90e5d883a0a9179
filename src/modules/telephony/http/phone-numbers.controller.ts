import { Body, Param, Query } from '@nestjs/common';
import { phoneNumberNotFound } from '@domain/telephony/errors';
import type { PhoneNumberView } from '@domain/telephony/ports/telephony-read-model.port';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { WorkspaceParam } from '@infrastructure/http/params';
import { CreateRoute, DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { AddPhoneNumberCommand } from '../commands/add-phone-number/add-phone-number.command';
import { AssignAgentToNumberCommand } from '../commands/assign-agent-to-number/assign-agent-to-number.command';
import { RemovePhoneNumberCommand } from '../commands/remove-phone-number/remove-phone-number.command';
import { UnassignAgentFromNumberCommand } from '../commands/unassign-agent-from-number/unassign-agent-from-number.command';
import { UpdatePhoneNumberCommand } from '../commands/update-phone-number/update-phone-number.command';
import { GetPhoneNumberQuery } from '../queries/get-phone-number/get-phone-number.query';
import { ListPhoneNumbersQuery } from '../queries/list-phone-numbers/list-phone-numbers.query';
import { AddPhoneNumberDto, AssignAgentDto, PhoneNumberDto, PhoneNumberPageDto, UpdatePhoneNumberDto } from './telephony.dto';

@OrganizationApi('phone numbers', 'v1/organizations/:orgId/workspaces/:workspaceId/phone-numbers')
export class PhoneNumbersController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({
    permission: 'telephony:read',
    summary: "The workspace's numbers, with the agents each rings in order",
    ok: PhoneNumberPageDto,
    problems: { 404: ['workspace.not_found'] },
  })
  async list(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<PhoneNumberView>> {
    return this.cursors.list(page, `phone-numbers:${access.organizationId}:${workspaceId}`, 'id', ({ after, limit }) =>
      this.queries.execute(new ListPhoneNumbersQuery({ organizationId: access.organizationId, workspaceId, after, limit })),
    );
  }

  @CreateRoute({
    permission: 'telephony:write',
    summary: 'Add a Twilio number; a number belongs to one workspace on the whole platform',
    created: PhoneNumberDto,
    problems: { 404: ['workspace.not_found'], 409: ['phone_number.taken'], 422: ['phone_number.invalid', 'phone_number.invalid_sid'] },
  })
  async add(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Body() body: AddPhoneNumberDto,
  ): Promise<PhoneNumberView> {
    return this.commands.executeAndAnswer(
      new AddPhoneNumberCommand({
        organizationId: access.organizationId,
        workspaceId,
        phoneNumber: body.phoneNumber,
        twilioSid: body.twilioSid,
        friendlyName: body.friendlyName ?? null,
        ringStrategy: body.ringStrategy,
      }),
      ({ phoneNumberId }) => this.get(access.organizationId, workspaceId, phoneNumberId),
    );
  }

  @ReadRoute({
    path: ':numberId',
    permission: 'telephony:read',
    summary: 'One number',
    ok: PhoneNumberDto,
    problems: { 404: ['phone_number.not_found'] },
  })
  getOne(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('numberId', UuidParamPipe) numberId: string,
  ): Promise<PhoneNumberView> {
    return this.get(access.organizationId, workspaceId, numberId);
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':numberId',
    permission: 'telephony:write',
    summary: 'Rename a number or change how it rings',
    ok: PhoneNumberDto,
    problems: { 404: ['phone_number.not_found'], 422: ['phone_number.invalid'] },
  })
  async update(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('numberId', UuidParamPipe) numberId: string,
    @Body() body: UpdatePhoneNumberDto,
  ): Promise<PhoneNumberView> {
    await this.commands.execute(
      new UpdatePhoneNumberCommand({ organizationId: access.organizationId, workspaceId, phoneNumberId: numberId, patch: body }),
    );
    return this.get(access.organizationId, workspaceId, numberId);
  }

  @DeleteRoute({
    path: ':numberId',
    permission: 'telephony:write',
    summary: 'Remove a number from the workspace',
    problems: { 404: ['phone_number.not_found'] },
  })
  async remove(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('numberId', UuidParamPipe) numberId: string,
  ): Promise<void> {
    await this.commands.execute(
      new RemovePhoneNumberCommand({ organizationId: access.organizationId, workspaceId, phoneNumberId: numberId }),
    );
  }

  @WriteRoute({
    method: 'PUT',
    path: ':numberId/agents/:userId',
    permission: 'telephony:write',
    summary: "Put an agent on the number's ringing list",
    ok: PhoneNumberDto,
    problems: { 404: ['phone_number.not_found', 'agent.not_found'] },
  })
  async assign(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('numberId', UuidParamPipe) numberId: string,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() body: AssignAgentDto,
  ): Promise<PhoneNumberView> {
    await this.commands.execute(
      new AssignAgentToNumberCommand({
        organizationId: access.organizationId,
        workspaceId,
        phoneNumberId: numberId,
        userId,
        position: body.position ?? null,
      }),
    );
    return this.get(access.organizationId, workspaceId, numberId);
  }

  @DeleteRoute({
    path: ':numberId/agents/:userId',
    permission: 'telephony:write',
    summary: "Take an agent off the number's ringing list",
    problems: { 404: ['phone_number.not_found', 'agent.not_found'] },
  })
  async unassign(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Param('numberId', UuidParamPipe) numberId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<void> {
    await this.commands.execute(
      new UnassignAgentFromNumberCommand({ organizationId: access.organizationId, workspaceId, phoneNumberId: numberId, userId }),
    );
  }

  private async get(organizationId: string, workspaceId: string, id: string): Promise<PhoneNumberView> {
    return orElseThrow(
      await this.queries.execute(new GetPhoneNumberQuery({ organizationId, workspaceId, phoneNumberId: id })),
      phoneNumberNotFound,
    );
  }
}
