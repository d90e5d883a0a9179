import { OrganizationCommand } from '../../../shared';

export interface EraseReviewerNotesProps {
  readonly organizationId: string;
  readonly userId: string;
}

/** Erasure of a user: the notes they wrote on their reviews read `[erased]`; the decisions stay. Answers the analyses changed. */
export class EraseReviewerNotesCommand extends OrganizationCommand<EraseReviewerNotesProps, string[]> {}
