import { Query } from '@nestjs/cqrs';
import type { TwilioAccountView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetTwilioAccountProps {
  readonly organizationId: string;
  readonly workspaceId: string;
}

export class GetTwilioAccountQuery extends Query<TwilioAccountView | null> {
  constructor(readonly props: GetTwilioAccountProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
