import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { TenancyReadModel, type InvitationView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { GetInvitationQuery } from './get-invitation.query';

@QueryHandler(GetInvitationQuery)
export class GetInvitationHandler implements IQueryHandler<GetInvitationQuery, InvitationView | null> {
  constructor(
    private readonly readModel: TenancyReadModel,
    private readonly clock: Clock,
  ) {}

  execute({ props: q }: GetInvitationQuery): Promise<InvitationView | null> {
    return this.readModel.invitation(q.organizationId, q.invitationId, this.clock.now());
  }
}
