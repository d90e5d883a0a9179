import { Query } from '@nestjs/cqrs';
import type { CallDetailView } from '@domain/telephony/ports/telephony-read-model.port';

export interface GetCallProps {
  readonly organizationId: string;
  readonly callId: string;
}

export class GetCallQuery extends Query<CallDetailView | null> {
  constructor(readonly props: GetCallProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
