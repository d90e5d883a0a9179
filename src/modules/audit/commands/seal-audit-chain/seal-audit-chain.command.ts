import { Command } from '@nestjs/cqrs';

export interface SealAuditChainProps {
  readonly organizationId: string;
}

/** Appends the organization's unsealed audit rows to its hash chain. Returns how many. */
export class SealAuditChainCommand extends Command<number> {
  constructor(readonly props: SealAuditChainProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
