import { OrganizationCommand } from '../../../shared';
import type { Actor } from '@domain/shared/actor';

/** A caller, by any spelling of their number with its country code; or a member, by user id. */
export type ErasureSubject = { phoneNumber: string } | { userId: string };

export interface RequestErasureProps {
  readonly organizationId: string;
  readonly subject: ErasureSubject;
  readonly requestedBy: Actor;
}

/** Starts erasing a person's data. Answers the request's id; a job does the work. */
export class RequestErasureCommand extends OrganizationCommand<RequestErasureProps, { erasureRequestId: string }> {}
