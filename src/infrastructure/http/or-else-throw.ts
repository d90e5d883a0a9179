/**
 * `value`, or the error `missing` makes when there is none: the usual answer to a query that
 * found nothing (`orElseThrow(await this.queries.execute(query), memberNotFound)`).
 */
export function orElseThrow<T>(value: T | null | undefined, missing: () => Error): T {
  if (value === null || value === undefined) throw missing();
  return value;
}
