// Types for bin/runtime.js (plain JavaScript: the bin runs it before tsx is, or is not, registered).
export declare const DIST_DIR: string;
export declare const STAMP_FILE: string;
export declare const SOURCE_DIRS: readonly string[];
export declare const COMPILED_CLI: string;
export declare const CHOSEN_ENV: string;
export declare class RuntimeChoiceError extends Error {}
export declare function chooseRuntime(root: string, env?: NodeJS.ProcessEnv, isClusterWorker?: boolean): 'dist' | 'tsx';
export declare function whyDistIsNotFresh(root: string): string | undefined;
