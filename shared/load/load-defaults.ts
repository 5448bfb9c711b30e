// Load-model constants the load engine's thread needs at run time, in a file without zod: the
// engine's bundle imported DEFAULT_OPEN_CPS from load-model.ts and so carried all of zod (750 kB,
// ~0.1 CPU-s to evaluate in every fresh load thread).

/** Default rate for opening calls in the channel modes (channels, ramp-channels). */
export const DEFAULT_OPEN_CPS = 10;
