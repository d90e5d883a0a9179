import type { ErasureRequest } from '../erasure-request.aggregate';

export abstract class ErasureRequestRepository {
  /** Locks the request's row for the rest of the transaction: one step runs at a time. */
  abstract findForUpdate(organizationId: string, id: string): Promise<ErasureRequest | null>;
  abstract save(request: ErasureRequest): Promise<void>;
}
