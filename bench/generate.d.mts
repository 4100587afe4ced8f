/** A realistic .http file of `count` requests (see generate.mjs). */
export function generateHttpFile(count: number): string;
