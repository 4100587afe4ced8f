import type { Plugin, StdinOptions } from 'esbuild';

export declare const undiciApart: Plugin;
export declare const undiciParts: StdinOptions;
