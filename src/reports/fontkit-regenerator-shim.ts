/**
 * @pdf-lib/fontkit 1.1.1 was transpiled with regenerator but ships without its runtime: the
 * syllable matcher of its Indic and Universal shapers (Devanagari, Bengali, Tamil, …) calls a
 * global `regeneratorRuntime` and throws "regeneratorRuntime is not defined" on the first
 * Devanagari text. That matcher is its only generator: a plain state machine that yields values
 * and returns, with no try/catch, `sent` values or delegation. This is the part of the runtime it
 * needs, installed only when no real runtime is present (docs/decisions/0020).
 */
interface GeneratorContext {
  prev: number;
  next: number;
  done: boolean;
  rval: unknown;
  stop(): unknown;
}

type InnerFn = (context: GeneratorContext) => unknown;

function wrap(inner: InnerFn, _outer?: unknown, _self?: unknown, tryLocs?: unknown): Iterator<unknown> {
  if (tryLocs) throw new Error('fontkit regenerator shim: try/catch inside a generator is not supported');
  const context: GeneratorContext = {
    prev: 0,
    next: 0,
    done: false,
    rval: undefined,
    stop() {
      this.done = true;
      return this.rval;
    },
  };
  const iterator: IterableIterator<unknown> = {
    next() {
      if (context.done) return { value: undefined, done: true };
      const value = inner(context);
      return context.done ? { value: undefined, done: true } : { value, done: false };
    },
    [Symbol.iterator]() {
      return iterator;
    },
  };
  return iterator;
}

const holder = globalThis as { regeneratorRuntime?: unknown };
holder.regeneratorRuntime ??= { mark: <T>(generatorFn: T): T => generatorFn, wrap };
