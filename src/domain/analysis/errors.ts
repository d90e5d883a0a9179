import { NotFoundError } from '../shared/domain-error';

export const analysisNotFound = () => new NotFoundError('analysis.not_found', 'Analysis not found');
