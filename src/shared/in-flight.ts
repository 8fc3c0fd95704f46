/**
 * Work that has started and must finish before the process lets go of what it uses (socket
 * handlers during shutdown, OPS-7). `track` returns the promise it is given; `settled` waits until
 * nothing tracked is pending, including work started while it waits.
 */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  settled(): Promise<void>;
  readonly size: number;
}

export function inFlight(): InFlight {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      pending.add(work);
      const forget = () => void pending.delete(work);
      work.then(forget, forget);
      return work;
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    get size() {
      return pending.size;
    },
  };
}

/** Resolves true when `work` settles within `ms`, false when the time ran out first. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = work.then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([done, late]);
  clearTimeout(timer);
  return result;
}
