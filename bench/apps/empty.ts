// The baseline: what the compiler and the consumer's own settings cost before any client is imported.
export {};
