import { Query } from '@nestjs/cqrs';

export interface FindCallsByPartyProps {
  readonly organizationId: string;
  /** The number as stored (E.164) and any other spelling of it. */
  readonly phoneNumbers: readonly string[];
}

/** Erasure finds the calls a person's phone number took part in. */
export class FindCallsByPartyQuery extends Query<{ callId: string; workspaceId: string }[]> {
  constructor(readonly props: FindCallsByPartyProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
