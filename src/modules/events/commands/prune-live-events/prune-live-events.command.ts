import { Command } from '@nestjs/cqrs';

export interface PruneLiveEventsProps {
  /** Events recorded before this are forgotten. */
  readonly before: Date;
}

/** Platform work: every organization's events past the replay window. Returns how many. */
export class PruneLiveEventsCommand extends Command<number> {
  constructor(readonly props: PruneLiveEventsProps) {
    super();
  }

  get organizationId(): null {
    return null;
  }
}
