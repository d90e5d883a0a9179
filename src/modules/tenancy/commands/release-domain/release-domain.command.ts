import { Command } from '@nestjs/cqrs';

export interface ReleaseDomainProps {
  readonly organizationId: string;
}

/** Gives up the organization's email domain: it captures nobody any more. */
export class ReleaseDomainCommand extends Command<void> {
  constructor(readonly props: ReleaseDomainProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
