import { NotFoundError } from '../shared/domain-error';

export const recordingNotFound = () => new NotFoundError('recording.not_found', 'Recording not found');
