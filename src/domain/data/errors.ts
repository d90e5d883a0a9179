import { NotFoundError } from '../shared/domain-error';

export const exportNotFound = () => new NotFoundError('export.not_found', 'Export not found');
