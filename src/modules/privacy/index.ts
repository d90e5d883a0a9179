export { PrivacyModule } from './privacy.module';
export { ERASE_PERSONAL_DATA_QUEUE } from './privacy-queues';
export { ErasePersonalDataReaction } from './reactions/erase-personal-data.reaction';
