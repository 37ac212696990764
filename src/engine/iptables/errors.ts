/**
 * Errors of the iptables front end. Nothing here throws: parsers and `applyCommand` return
 * `IptResult<T>`, and an error says where (1-based line and column of the offending token),
 * what (a message worded as iptables words it) and, for errors the kernel raises, the line the
 * kernel writes to dmesg (`hint`), which the real tool hides behind "Run `dmesg'".
 */

export type IptErrorCode =
  | 'syntax' // unterminated quote, stray text
  | 'unknown-option'
  | 'missing-argument'
  | 'bad-argument'
  | 'bad-value' // a value an option rejects (port, state, mask, icmp type, ...)
  | 'bad-host'
  | 'unknown-match'
  | 'unknown-target'
  | 'unsupported' // exists in iptables but not in this simulator
  | 'conflict' // options that cannot go together
  | 'no-chain'
  | 'chain-exists'
  | 'bad-rule'
  | 'bad-index'
  | 'bad-policy'
  | 'chain-busy'
  | 'loop'
  | 'kernel'; // the kernel's checkentry refused the rule (EINVAL)

export interface IptError {
  line: number;
  column: number;
  code: IptErrorCode;
  /** The text iptables prints (without its "iptables v1.8.9 (legacy): " prefix). */
  message: string;
  /** What the kernel logs for 'kernel' errors, or a hint at what was expected. */
  hint?: string;
}

export type IptResult<T> = { ok: true; value: T } | { ok: false; error: IptError };

/** Where a token starts in the source text (1-based). */
export interface Pos {
  line: number;
  column: number;
}

export function ok<T>(value: T): IptResult<T> {
  return { ok: true, value };
}

/** The success of a step that returns nothing (one object for all of them). */
export const OK: IptResult<void> = Object.freeze({ ok: true as const, value: undefined });

export function fail<T>(at: Pos, code: IptErrorCode, message: string, hint?: string): IptResult<T> {
  const error: IptError = { line: at.line, column: at.column, code, message };
  if (hint !== undefined) error.hint = hint;
  return { ok: false, error };
}

/** The message the legacy tool prints when the kernel rejects a table with EINVAL. */
export const EINVAL_MESSAGE = "iptables: Invalid argument. Run `dmesg' for more information.";
