/**
 * Keeps each command's result with the request that ran it, written in the command's own
 * transaction. A request retried after a crash (same Idempotency-Key) then gets the results of
 * the commands that had committed instead of running them twice.
 */
export abstract class CommandJournal {
  /** The committed result of the current request's next command, when the request is a replay. */
  abstract replay(): { replayed: true; result: unknown } | { replayed: false };
  /** Records a command's result inside the open transaction (a no-op outside an idempotent request). */
  abstract record(result: unknown): Promise<void>;
}
