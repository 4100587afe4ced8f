import type { Metafile } from 'esbuild';

export declare function bundledPackages(metafiles: readonly { inputs: Record<string, unknown> }[]): string[];
export declare function noticesText(packages: readonly string[], root: string): string;
export declare function writeNotices(metafiles: readonly Metafile[], root: string, outfile: string): void;
