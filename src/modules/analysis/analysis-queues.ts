/** Durable jobs of the analysis context. */
export const CREATE_ANALYSIS_QUEUE = 'analysis.create-for-recording';
export const PROCESS_ANALYSIS_QUEUE = 'analysis.process';
export const ANALYTICS_REFRESH_QUEUE = 'analysis.refresh-analytics';
export const ANALYSIS_RETRY_LIMIT = 3;
