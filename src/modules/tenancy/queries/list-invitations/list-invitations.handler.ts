import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { TenancyReadModel, type InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListInvitationsQuery } from './list-invitations.query';

@QueryHandler(ListInvitationsQuery)
export class ListInvitationsHandler implements IQueryHandler<ListInvitationsQuery, InvitationView[]> {
  constructor(
    private readonly readModel: TenancyReadModel,
    private readonly clock: Clock,
  ) {}

  execute({ props: q }: ListInvitationsQuery): Promise<InvitationView[]> {
    return this.readModel.invitations(q.organizationId, q.after, q.limit, this.clock.now());
  }
}
