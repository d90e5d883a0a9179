import { Command } from '@nestjs/cqrs';

export interface ClaimDomainProps {
  readonly organizationId: string;
  readonly domain: string;
}

/** Claims an email domain (pending until verified through DNS), replacing the organization's claim on another. */
export class ClaimDomainCommand extends Command<void> {
  constructor(readonly props: ClaimDomainProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
