// Types for bin/v8Flags.js (plain JavaScript: the bin runs it before tsx is, or is not, registered).
export declare const PRODUCTION_V8_FLAGS: readonly string[];
export declare const RELAUNCHED_ENV: string;
export declare function missingV8Flags(execArgv: readonly string[], nodeOptions?: string): string[];
