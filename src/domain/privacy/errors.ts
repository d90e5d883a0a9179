import { ConflictError, InvalidError, NotFoundError } from '../shared/domain-error';

export const erasureRequestNotFound = () => new NotFoundError('erasure_request.not_found', 'Erasure request not found');
export const invalidErasureSubject = (detail: string) => new InvalidError('erasure_request.invalid_subject', detail);
export const erasureUserNotFound = () => new NotFoundError('erasure_request.user_not_found', 'No such member in this organization');
export const erasureLastOwner = () =>
  new ConflictError('erasure_request.last_owner', 'The last owner cannot be erased: make someone else an owner first');
