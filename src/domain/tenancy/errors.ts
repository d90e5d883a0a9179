import { ConflictError, DomainError, InvalidError, NotFoundError } from '../shared/domain-error';

export const organizationNotFound = () => new NotFoundError('organization.not_found', 'Organization not found');
export const workspaceNotFound = () => new NotFoundError('workspace.not_found', 'Workspace not found');
export const memberNotFound = () => new NotFoundError('member.not_found', 'Member not found');
export const userNotFound = () => new NotFoundError('user.not_found', 'User not found');
export const apiKeyNotFound = () => new NotFoundError('api_key.not_found', 'API key not found');
export const invitationNotFound = () => new NotFoundError('invitation.not_found', 'Invitation not found');
export const domainNotClaimed = () =>
  new NotFoundError('organization.domain_not_claimed', 'The organization has not claimed an email domain');
export const domainTaken = (domain: string) =>
  new ConflictError('organization.domain_taken', `Domain ${domain} is verified by another organization`);
export const publicEmailDomain = (domain: string) =>
  new InvalidError(
    'organization.public_email_domain',
    `${domain} is a public email provider: anyone can have an address there, so no organization can claim it`,
  );
export const domainNotVerified = (details: { recordName: string; expectedValue: string; found: string[] }) =>
  new DomainError(
    'organization.domain_not_verified',
    `No TXT record at ${details.recordName} holds this organization's verification value`,
    'unprocessable',
    details,
  );
export const dnsUnavailable = (name: string) =>
  new DomainError('organization.dns_unavailable', `DNS did not answer for ${name}; try again later`, 'upstream', { recordName: name });
export const alreadyMember = () => new ConflictError('member.already_exists', 'The user is already a member');
export const invitationExists = () => new ConflictError('invitation.already_exists', 'This address already has a pending invitation');
export const invitationNotPending = (status: string) =>
  new ConflictError('invitation.not_pending', `The invitation is ${status}, not pending`, { status });
