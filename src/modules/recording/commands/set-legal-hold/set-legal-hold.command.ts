import { Command } from '@nestjs/cqrs';

export interface SetLegalHoldProps {
  readonly organizationId: string;
  readonly recordingId: string;
  readonly hold: boolean;
  readonly reason: string | null;
}

/** Under legal hold a recording is neither deleted by retention nor by request. */
export class SetLegalHoldCommand extends Command<void> {
  constructor(readonly props: SetLegalHoldProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
