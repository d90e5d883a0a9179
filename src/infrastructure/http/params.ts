import { Param } from '@nestjs/common';
import { UuidParamPipe } from './uuid-param.pipe';

/** The `:workspaceId` of the path: a UUID (400 otherwise), lower-cased. */
export const WorkspaceParam = () => Param('workspaceId', UuidParamPipe);
