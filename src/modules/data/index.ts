export { DataModule } from './data.module';
