/**
 * An object store that can check, on demand, that it is configured right and answers: the
 * Supabase adapter checks its bucket with its key, the local disk its directory. Called at
 * start-up (Supabase) and by the readiness probe.
 */
export interface StorageAccessCheck {
  /** Resolves when the store is usable; throws naming what is wrong otherwise. */
  checkAccess(): Promise<unknown>;
}

export function hasAccessCheck(storage: unknown): storage is StorageAccessCheck {
  return typeof (storage as Partial<StorageAccessCheck> | null)?.checkAccess === 'function';
}
