import { Body, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { erasureRequestNotFound } from '@domain/privacy/errors';
import type { DeletionReceiptView, ErasureRequestView } from '@domain/privacy/ports/privacy-read-model.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import { actorOf, type OrganizationAccess } from '@infrastructure/auth/principal';
import { Idempotent } from '@infrastructure/http/idempotency.interceptor';
import { ApiIdempotencyKey, ApiProblems } from '@infrastructure/http/openapi';
import { ProblemException } from '@infrastructure/http/problem';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { RequestErasureCommand } from '../commands/request-erasure/request-erasure.command';
import { GetErasureRequestQuery, type ErasureRequestWithReceipt } from '../queries/get-erasure-request/get-erasure-request.query';
import { ListErasureRequestsQuery } from '../queries/list-erasure-requests/list-erasure-requests.query';
import { ListDeletionReceiptsQuery } from '../queries/list-deletion-receipts/list-deletion-receipts.query';
import {
  DeletionReceiptPageDto,
  DeletionReceiptQueryDto,
  ErasureRequestDto,
  ErasureRequestPageDto,
  ErasureRequestWithReceiptDto,
  RequestErasureDto,
} from './privacy.dto';

@OrganizationApi('privacy', 'v1/organizations/:orgId')
export class ErasureRequestsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @Post('erasure-requests')
  @HttpCode(202)
  @Idempotent()
  @RequirePermission('data:erase')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: "Erase a person's data: a caller by phone number, or a member by user id",
    description:
      'Give `phoneNumber` or `userId`, not both. Answers at once with the request, `pending`, and its `Location`; a job then finds every copy ' +
      'and removes or redacts it, and `GET /erasure-requests/{erasureRequestId}` shows its progress and receipt. ' +
      "A phone number: the calls it took part in (from, to, participants become `[erased]`), their recordings in storage and at Twilio, transcripts and summaries, the analyses' " +
      'quoted evidence and review notes, live-event, webhook and notification copies, stored `Idempotency-Key` answers, and every export archive; ' +
      'recordings under legal hold, and their calls, are kept whole and the receipt says so (`outcome: partially_erased`). ' +
      'A member (`userId`): their agent seats, workspace memberships and membership, invitations to their address, their review notes, their notifications, ' +
      'their email and name in event copies and stored answers, every export archive; their profile is blanked once they belong to no other organization. ' +
      "In the audit trail the person's values (sealed under their own keys) are crypto-shredded: the rows and the hash chain stay and verify, the values read `[erased]`. " +
      'Asking again is safe: a second erasure finds nothing more.',
  })
  @ApiAcceptedResponse({
    type: ErasureRequestDto,
    description: 'Accepted: the erasure runs as a job',
    headers: { Location: { description: '`/v1/organizations/{orgId}/erasure-requests/{id}`', schema: { type: 'string' } } },
  })
  @ApiProblems({ 404: ['erasure_request.user_not_found'], 409: ['erasure_request.last_owner'], 422: ['erasure_request.invalid_subject'] })
  async request(
    @OrgAccess() access: OrganizationAccess,
    @Body() body: RequestErasureDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureRequestView> {
    const organizationId = access.organizationId;
    if ((body.phoneNumber === undefined) === (body.userId === undefined)) {
      throw new ProblemException(422, 'erasure_request.invalid_subject', 'Give either phoneNumber or userId');
    }
    const subject = body.userId !== undefined ? { userId: body.userId } : { phoneNumber: body.phoneNumber! };
    const view = await this.commands.executeAndAnswer(
      new RequestErasureCommand({ organizationId, subject, requestedBy: actorOf(access.principal) }),
      async ({ erasureRequestId }) => (await this.queries.execute(new GetErasureRequestQuery({ organizationId, erasureRequestId })))!,
    );
    void reply.header('location', `/v1/organizations/${organizationId}/erasure-requests/${view.id}`);
    const { receipt: _receipt, ...request } = view;
    return request;
  }

  @ReadRoute({ path: 'erasure-requests', permission: 'data:erase', summary: 'Erasure requests, newest first', ok: ErasureRequestPageDto })
  list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<ErasureRequestView>> {
    const organizationId = access.organizationId;
    return this.cursors.list(page, `erasure-requests:${organizationId}`, 'id', ({ after, limit }) =>
      this.queries.execute(new ListErasureRequestsQuery({ organizationId, after, limit })),
    );
  }

  @ReadRoute({
    path: 'erasure-requests/:erasureRequestId',
    permission: 'data:erase',
    summary: 'An erasure request: its progress and its receipt',
    ok: ErasureRequestWithReceiptDto,
    problems: { 404: ['erasure_request.not_found'] },
  })
  async get(
    @OrgAccess() access: OrganizationAccess,
    @Param('erasureRequestId', UuidParamPipe) erasureRequestId: string,
  ): Promise<ErasureRequestWithReceipt> {
    return orElseThrow(
      await this.queries.execute(new GetErasureRequestQuery({ organizationId: access.organizationId, erasureRequestId })),
      erasureRequestNotFound,
    );
  }

  @ReadRoute({
    path: 'deletion-receipts',
    permission: 'data:erase',
    summary: 'Receipts of every deletion of personal data, oldest first',
    description:
      "One row per copy: erasures', the retention policy's (a recording past `retentionDays` with its transcript, its analysis's evidence and its audit free text; " +
      'export archives past `EXPORT_ARCHIVE_RETENTION_DAYS`), and those of recordings deleted on request.',
    ok: DeletionReceiptPageDto,
  })
  receipts(@OrgAccess() access: OrganizationAccess, @Query() q: DeletionReceiptQueryDto): Promise<Page<DeletionReceiptView>> {
    const organizationId = access.organizationId;
    const filter = { cause: q.cause, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
    return this.cursors.paginate(
      q,
      `deletion-receipts:${organizationId}`,
      ({ after, limit }) => this.queries.execute(new ListDeletionReceiptsQuery({ organizationId, filter, after, limit })),
      (r) => r.id,
      filter,
    );
  }
}
