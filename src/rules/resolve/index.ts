export * from './pattern.js';
export * from './compile.js';
export * from './resolve.js';
