/** Types of scripts/chromium.mjs (the Chromium path and flags shared by tests and benchmarks). */
export declare const CHROMIUM_PATH: string | undefined;
export declare const CHROMIUM_ARGS: string[];
