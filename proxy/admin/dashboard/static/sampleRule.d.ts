// Types of sampleRule.js (plain JavaScript so the browser loads it as it is).
export declare const MIN_REQUESTS_TO_COMPARE: number;
export declare function enoughToCompare(legacyRequests: number, newRequests: number, minRequests?: number): boolean;
