export type Result<T, Code extends string> = { ok: true; value: T } | { ok: false; code: Code };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <Code extends string>(code: Code): { ok: false; code: Code } => ({
  ok: false,
  code,
});
