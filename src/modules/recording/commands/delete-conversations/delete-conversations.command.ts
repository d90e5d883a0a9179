import { Command } from '@nestjs/cqrs';

export interface DeleteConversationsProps {
  readonly organizationId: string;
  readonly callIds: readonly string[];
  readonly recordingIds: readonly string[];
}

/** Erasure and retention: the transcripts and summaries of these calls and recordings go. Answers the conversation ids deleted. */
export class DeleteConversationsCommand extends Command<string[]> {
  constructor(readonly props: DeleteConversationsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
