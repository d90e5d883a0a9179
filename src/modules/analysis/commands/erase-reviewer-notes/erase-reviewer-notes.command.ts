import { Command } from '@nestjs/cqrs';

export interface EraseReviewerNotesProps {
  readonly organizationId: string;
  readonly userId: string;
}

/** Erasure of a user: the notes they wrote on their reviews read `[erased]`; the decisions stay. Answers the analyses changed. */
export class EraseReviewerNotesCommand extends Command<string[]> {
  constructor(readonly props: EraseReviewerNotesProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
