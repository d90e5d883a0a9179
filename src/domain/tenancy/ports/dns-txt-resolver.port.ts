/**
 * Reads TXT records from DNS. Each record's character strings are joined into one value.
 * A name that does not exist, or has no TXT record, answers an empty list: that is an answer.
 * No answer at all (timeout, SERVFAIL, refused) throws `organization.dns_unavailable`: it
 * proves nothing either way.
 */
export abstract class DnsTxtResolver {
  abstract resolveTxt(name: string): Promise<string[]>;
}
