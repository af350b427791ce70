// Compile-time assertions for the type-level tests in this folder.

export type Expect<T extends true> = T;
/** Identical types, readonly and optional modifiers included (not merely assignable both ways). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
