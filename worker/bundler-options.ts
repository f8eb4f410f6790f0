/**
 * How the workflow code is bundled, the same for a worker's bundle, the tests' and the benchmark's,
 * with what each choice costs a worker's memory.
 */
import type { BundleOptions } from '@temporalio/worker';

/**
 * Modules of the workflow code that keep no state of a case: evaluated once per worker thread and
 * shared by every case, instead of once for each case that starts or is replayed. CEL's library
 * builds its registry of types and functions as it loads; the definitions' expressions build CEL
 * environments (four a case, with their type checkers) and load re2js, which builds and keeps the
 * Unicode tables its patterns need, and keep caches of compiled patterns and environments that give the same
 * answers to every case. None of them imports the workflow API (a preloaded module is evaluated
 * before any case exists): test/unit/bundler-options.test.ts checks it.
 */
export const PRELOADED_MODULES = ['@marcbachmann/cel-js', require.resolve('../definitions/expressions')];

/**
 * The bundle's source map maps lines, not columns. The workflow thread parses it once, into
 * WebAssembly memory that is never given back, to name the file and line of each stack frame; with
 * a mapping per column of every bundled library (the time-zone rules among them) that memory was
 * 22.6 MB, against 9.9 MB for a mapping per line, and the bundle 7.0 MB against 6.0 MB. Stack
 * traces still name the file, line and function.
 */
const webpackConfigHook: NonNullable<BundleOptions['webpackConfigHook']> = (config) => ({ ...config, devtool: 'inline-cheap-module-source-map' });

export const BUNDLER_OPTIONS = { preloadModules: PRELOADED_MODULES, webpackConfigHook } satisfies Partial<BundleOptions>;

/**
 * The bundle with each character past Latin-1 written as a `\u` escape. V8 keeps a script's source
 * for as long as it runs, at one byte a character only when every character is Latin-1: a few
 * dashes in comments made the 7.0 MB bundle take 13.3 MB of the workflow thread's heap. Such
 * characters stand in comments, strings, templates and regular expressions, where the escape means
 * the same character; only a tagged template's raw text or a function's source would read the
 * escape itself.
 */
export const latin1Source = (code: string): string => code.replace(/[^\u0000-\u00ff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
