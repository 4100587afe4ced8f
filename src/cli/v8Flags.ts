// The V8 flags `fincode-http` sets as it starts (main.ts says why). bench/parse.mjs times a first
// parse under them too: what the first parse costs in fincode-http's own process.
export const CLI_V8_FLAGS = '--interrupt-budget=1081344 --semi-space-growth-factor=16';
