/**
 * T with its readonly fields writable: the record a *StatsInto function fills in place (feature maps keep one
 * per family between kernels instead of a new object per matrix), typed as the readonly result it stands for.
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
