/** The FFT moved to util/fft.ts (shared with the convolutional filters); re-exported here for morphology. */
export * from '../../util/fft.js';
