import { InvalidError } from '../shared/domain-error';
import PUBLIC_EMAIL_PROVIDERS from 'email-providers/all.json';

const DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Lowercased and checked; null for nothing. */
export function normalizeDomain(domain: string | null | undefined): string | null {
  if (domain === null || domain === undefined || domain.trim() === '') return null;
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN_PATTERN.test(d)) throw new InvalidError('organization.invalid_domain', `"${domain}" is not a valid domain`);
  return d;
}

/** The part after the last @, lowercased; null without one. */
export function emailDomainOf(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 && at < email.length - 1
    ? email
        .slice(at + 1)
        .trim()
        .toLowerCase()
    : null;
}

/** Addresses anyone can get (gmail.com, outlook.com, disposable ones...): from the maintained `email-providers` list. */
const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set((PUBLIC_EMAIL_PROVIDERS as string[]).map((d) => d.toLowerCase()));

/**
 * A domain whose addresses anyone can get: its owner is not an organization, so nobody may
 * claim it. Subdomains of such a domain count too (`mail.gmail.com`).
 */
export function isPublicEmailDomain(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) if (PUBLIC_EMAIL_DOMAINS.has(labels.slice(i).join('.'))) return true;
  return false;
}
