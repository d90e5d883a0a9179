import { Command } from '@nestjs/cqrs';
import type { Actor } from '@domain/shared/actor';

export interface RequestErasureProps {
  readonly organizationId: string;
  /** Any spelling with its country code (`+1 415 555 0123`); stored and searched as E.164. */
  readonly phoneNumber: string;
  readonly requestedBy: Actor;
}

/** Starts erasing a person's data, found by their phone number. Answers the request's id; a job does the work. */
export class RequestErasureCommand extends Command<{ erasureRequestId: string }> {
  constructor(readonly props: RequestErasureProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
