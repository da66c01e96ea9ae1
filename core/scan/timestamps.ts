/** Venue milliseconds as the ISO-8601 text every record carries. */
export const iso = (ms: number): string => new Date(ms).toISOString();
