import { OrganizationCommand } from '../../../shared';

export interface DeleteConversationsProps {
  readonly organizationId: string;
  readonly callIds: readonly string[];
  readonly recordingIds: readonly string[];
}

/** Erasure and retention: the transcripts and summaries of these calls and recordings go. Answers the conversation ids deleted. */
export class DeleteConversationsCommand extends OrganizationCommand<DeleteConversationsProps, string[]> {}
