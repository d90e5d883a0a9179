import { DomainEvent } from '../../shared/domain-event';

export interface ErasureEventPayload {
  subjectType: string;
  /** Masked (`+1415******23`): an event never carries the subject in clear. */
  subject: string;
}

export class ErasureRequested extends DomainEvent<ErasureEventPayload> {
  static readonly type = 'erasure_request.requested';
}
export class ErasureCompleted extends DomainEvent<ErasureEventPayload & { outcome: string }> {
  static readonly type = 'erasure_request.completed';
}
