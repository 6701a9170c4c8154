/** The lines of `output` that are warnings or stack frames, each once, in order. */
export function noiseIn(output: string): string[];
