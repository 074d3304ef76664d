export declare const CANDIDATES: string[]
/** Path of a usable Chromium (CHROMIUM_PATH, else the usual system paths), or null. */
export declare function findChromium(): string | null
