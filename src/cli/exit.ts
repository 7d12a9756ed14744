/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FAILED: 1, INVALID_INPUT: 2 } as const;
