/** Deployment settings of the analysis context. */
export abstract class AnalysisSettings {
  abstract readonly uploadMaxBytes: number;
}
