import { ConflictError, NotFoundError } from '../shared/domain-error';

export const organizationNotFound = () => new NotFoundError('organization.not_found', 'Organization not found');
export const workspaceNotFound = () => new NotFoundError('workspace.not_found', 'Workspace not found');
export const memberNotFound = () => new NotFoundError('member.not_found', 'Member not found');
export const userNotFound = () => new NotFoundError('user.not_found', 'User not found');
export const apiKeyNotFound = () => new NotFoundError('api_key.not_found', 'API key not found');
export const domainTaken = (domain: string) =>
  new ConflictError('organization.domain_taken', `Domain ${domain} already belongs to another organization`);
export const alreadyMember = () => new ConflictError('member.already_exists', 'The user is already a member');
